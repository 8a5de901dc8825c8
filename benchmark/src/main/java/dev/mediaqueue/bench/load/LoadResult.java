package dev.mediaqueue.bench.load;

import java.time.Duration;

/**
 * What a load run measured: requests answered as expected within the measured window, failures, and
 * the latency of every answer in it.
 *
 * @param requests  answers recorded in the measured window (including errors)
 * @param errors    unexpected status codes, exceptions and requests that never completed
 * @param measured  the length of the measured window
 * @param latencies latency of each recorded answer
 */
public record LoadResult(long requests, long errors, Duration measured, Latencies latencies) {

    public double perSecond() {
        return measured.isZero() ? 0 : (requests - errors) * 1e9 / measured.toNanos();
    }

    @Override
    public String toString() {
        return String.format("%.0f/s, %d requests, %d errors, %s", perSecond(), requests, errors, latencies);
    }
}
