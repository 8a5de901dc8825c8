package dev.mediaqueue.bench.scenario;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code jcmd GC.class_histogram} output and tells which classes grew between two of them. */
final class ClassHistogram {

    /** {@code    1:        123456       7890123  java.lang.String (java.base@17)} */
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)", Pattern.MULTILINE);

    /** A class's growth per job. */
    record Growth(String className, double instancesPerJob, double bytesPerJob) {

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("class", className);
            map.put("instances_per_job", instancesPerJob);
            map.put("bytes_per_job", bytesPerJob);
            return map;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %.1f×/%.0f B", className, instancesPerJob, bytesPerJob);
        }
    }

    private ClassHistogram() {
    }

    /** The {@code top} classes that grew most in bytes between the two histograms, per job. */
    static List<Growth> growth(String before, String after, int jobs, int top) {
        Map<String, long[]> start = parse(before);
        Map<String, long[]> end = parse(after);
        return end.entrySet().stream()
                .map(e -> {
                    long[] was = start.getOrDefault(e.getKey(), new long[2]);
                    return new Growth(e.getKey(), (e.getValue()[0] - was[0]) / (double) jobs,
                            (e.getValue()[1] - was[1]) / (double) jobs);
                })
                .sorted(Comparator.comparingDouble(Growth::bytesPerJob).reversed())
                .limit(top)
                .toList();
    }

    static Map<String, long[]> parse(String histogram) {
        Map<String, long[]> rows = new HashMap<>();
        Matcher matcher = ROW.matcher(histogram);
        while (matcher.find()) {
            rows.merge(matcher.group(3), new long[] {Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))},
                    (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        }
        return rows;
    }
}
