package dev.mediaqueue.bench.load;

import org.HdrHistogram.ConcurrentHistogram;

/**
 * A latency histogram (HdrHistogram, 3 significant digits) that many threads record into, read in
 * milliseconds.
 */
public final class Latencies {

    private final ConcurrentHistogram nanos = new ConcurrentHistogram(3);

    public void recordNanos(long value) {
        nanos.recordValue(Math.max(0, value));
    }

    public void recordMillis(double value) {
        recordNanos(Math.round(value * 1_000_000));
    }

    /** Adds every value recorded in {@code other}. */
    public void addAll(Latencies other) {
        nanos.add(other.nanos);
    }

    public long count() {
        return nanos.getTotalCount();
    }

    /** The value at {@code percentile} (0–100) in milliseconds, 0 when nothing was recorded. */
    public double percentileMillis(double percentile) {
        return count() == 0 ? 0 : nanos.getValueAtPercentile(percentile) / 1e6;
    }

    public double maxMillis() {
        return count() == 0 ? 0 : nanos.getMaxValue() / 1e6;
    }

    public double meanMillis() {
        return count() == 0 ? 0 : nanos.getMean() / 1e6;
    }

    @Override
    public String toString() {
        return String.format("n=%d p50=%.2fms p99=%.2fms max=%.2fms", count(), percentileMillis(50),
                percentileMillis(99), maxMillis());
    }
}
