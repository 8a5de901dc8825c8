package dev.mediaqueue.bench.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Errors of a load run counted by kind, so a report says what went wrong, not only how often. */
final class ErrorKinds {

    private final Map<String, LongAdder> kinds = new ConcurrentHashMap<>();

    void add(String kind) {
        kinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    void add(String kind, long count) {
        kinds.computeIfAbsent(kind, k -> new LongAdder()).add(count);
    }

    long total() {
        return kinds.values().stream().mapToLong(LongAdder::sum).sum();
    }

    Map<String, Long> byKind() {
        Map<String, Long> counts = new TreeMap<>();
        kinds.forEach((kind, count) -> counts.put(kind, count.sum()));
        return counts;
    }
}
