package dev.mediaqueue.worker.generator;

import org.jspecify.annotations.Nullable;

/**
 * Where a generator reports how far a job got.
 *
 * <p>Report as often as is natural (every sampling step, every frame): the worker publishes only real
 * changes and at most a few per second. Values outside 0–100 are clamped and progress never goes
 * backwards, so a generator need not track what it reported before. Safe to call from any thread.
 */
@FunctionalInterface
public interface ProgressReporter {

    /**
     * Reports progress.
     *
     * @param percent how much of the job is done, 0–100
     * @param message a short human-readable line about the current step ("Sampling step 15/30"), or null
     */
    void report(int percent, @Nullable String message);

    /**
     * Reports where the latest preview image of the running job is served (a URL handed out by
     * {@link OutputFiles#writePreview}); it goes out with the next progress event. Does nothing by default.
     */
    default void preview(String url) {
    }
}
