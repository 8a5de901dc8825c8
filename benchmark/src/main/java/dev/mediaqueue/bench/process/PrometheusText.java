package dev.mediaqueue.bench.process;

import java.util.Optional;

/** Reads one sample out of the Prometheus text format. */
final class PrometheusText {

    private PrometheusText() {
    }

    /**
     * The value of the first sample named {@code sample}, with or without labels; a sample given with
     * labels ({@code name{a="b"}}) must match them exactly as written.
     */
    static Optional<Double> value(String text, String sample) {
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(sample)) {
                continue;
            }
            String rest = line.substring(sample.length());
            if (rest.startsWith("{")) {
                rest = rest.substring(rest.indexOf('}') + 1);
            }
            if (rest.startsWith(" ")) {
                String[] parts = rest.trim().split(" ");
                return Optional.of(Double.parseDouble(parts[0]));
            }
        }
        return Optional.empty();
    }
}
