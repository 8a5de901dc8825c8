package dev.mediaqueue.worker.generator.demo;

import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.worker.generator.CancellationSignal;
import dev.mediaqueue.worker.generator.GenerationException;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * The pace of a simulated job: {@code steps} steps spread evenly over its duration, which a job may set
 * with the param {@code duration_ms} (0 to 600000).
 */
record DemoPace(Duration duration, int steps) {

    static final String DURATION_PARAM = "duration_ms";
    static final long MAX_DURATION_MS = 600_000;

    static DemoPace of(JobMessage job, Duration defaultDuration, int steps) throws GenerationException {
        Object requested = job.params().get(DURATION_PARAM);
        return new DemoPace(requested == null ? defaultDuration : Duration.ofMillis(millis(requested)), steps);
    }

    private static long millis(Object requested) throws GenerationException {
        try {
            long millis = new BigDecimal(requested.toString().trim()).longValueExact();
            if (millis >= 0 && millis <= MAX_DURATION_MS) {
                return millis;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below in the same words as a value out of range
        }
        throw GenerationException.permanent(DURATION_PARAM + " must be a whole number of milliseconds from 0 to "
                + MAX_DURATION_MS + ", was " + requested);
    }

    /**
     * Waits until {@code step} (1-based) is due, counted from {@code startNanos}; a duration of 0 never
     * waits.
     *
     * @throws CancellationException when the job must stop (cancelled, timed out, ...) before or while waiting
     * @throws GenerationException   when the worker thread is interrupted (the worker is stopping)
     */
    void awaitStep(int step, long startNanos, CancellationSignal cancel) throws GenerationException {
        long dueNanos = startNanos + duration.toNanos() * step / steps;
        long remaining = dueNanos - System.nanoTime();
        try {
            if (remaining > 0) {
                // not a sleep: a cancel, a time-out or a shutdown ends the wait at once
                cancel.awaitCancellation(Duration.ofNanos(remaining));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw GenerationException.transientFailure("interrupted: the worker is stopping", e);
        }
        cancel.throwIfCancelled();
    }
}
