package dev.mediaqueue.bench.load;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a load run measured: requests answered as expected within the measured window, failures, and
 * the latency of every answer in it.
 *
 * @param requests  answers recorded in the measured window (including errors)
 * @param errors    unexpected status codes, exceptions and requests that never completed
 * @param measured  the length of the measured window
 * @param latencies latency of each recorded answer
 * @param errorKinds how many errors of each kind (an unexpected status code, an exception's class), sorted by kind
 */
public record LoadResult(long requests, long errors, Duration measured, Latencies latencies, Map<String, Long> errorKinds) {

    public LoadResult {
        errorKinds = Collections.unmodifiableMap(new TreeMap<>(errorKinds));
    }

    /** The result of this run and {@code other} together, as if they were one run of their summed length. */
    public LoadResult plus(LoadResult other) {
        Latencies both = new Latencies();
        both.addAll(latencies);
        both.addAll(other.latencies);
        Map<String, Long> kinds = new TreeMap<>(errorKinds);
        other.errorKinds.forEach((kind, count) -> kinds.merge(kind, count, Long::sum));
        return new LoadResult(requests + other.requests, errors + other.errors, measured.plus(other.measured), both, kinds);
    }

    /** A result of nothing, to add results to. */
    public static LoadResult none() {
        return new LoadResult(0, 0, Duration.ZERO, new Latencies(), Map.of());
    }

    public double perSecond() {
        return measured.isZero() ? 0 : (requests - errors) * 1e9 / measured.toNanos();
    }

    @Override
    public String toString() {
        return String.format("%.0f/s, %d requests, %d errors%s, %s", perSecond(), requests, errors,
                errorKinds.isEmpty() ? "" : " " + errorKinds, latencies);
    }
}
