package dev.mediaqueue.bench.load;

import java.time.Duration;
import java.util.Map;

/**
 * What a load run measured: requests answered as expected within the measured window, failures, and
 * the latency of every answer in it.
 *
 * @param requests  answers recorded in the measured window (including errors)
 * @param errors    unexpected status codes, exceptions and requests that never completed
 * @param measured  the length of the measured window
 * @param latencies latency of each recorded answer
 * @param errorKinds how many errors of each kind (an unexpected status code, an exception's class)
 */
public record LoadResult(long requests, long errors, Duration measured, Latencies latencies, Map<String, Long> errorKinds) {

    public LoadResult {
        errorKinds = Map.copyOf(errorKinds);
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
