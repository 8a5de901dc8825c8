package dev.mediaqueue.worker.generator;

import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * Tells a generator that its job was cancelled.
 *
 * <p>A generator either polls ({@link #isCancelled()}, {@link #throwIfCancelled()} between steps) or
 * registers a callback ({@link #onCancel}) that stops a remote backend, for example by calling ComfyUI's
 * interrupt. Waiting with {@link #awaitCancellation} instead of {@link Thread#sleep} lets a pause end as
 * soon as the job is cancelled.
 */
public interface CancellationSignal {

    /** Whether the job was cancelled. */
    boolean isCancelled();

    /**
     * Ends the generator's work if the job was cancelled.
     *
     * @throws CancellationException when it was
     */
    default void throwIfCancelled() {
        if (isCancelled()) {
            throw new CancellationException("cancelled");
        }
    }

    /**
     * Runs {@code callback} once when the job is cancelled, on the thread that cancels it; at once, on
     * the caller's thread, if it already was. A callback should be quick and must not throw.
     */
    void onCancel(Runnable callback);

    /**
     * Waits until the job is cancelled or {@code timeout} passed, whichever comes first.
     *
     * @return whether the job was cancelled
     * @throws InterruptedException when the waiting thread is interrupted
     */
    boolean awaitCancellation(Duration timeout) throws InterruptedException;
}
