package dev.mediaqueue.worker.generator;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * Tells a generator that it must stop its job, and why.
 *
 * <p>A generator either polls ({@link #isCancelled()}, {@link #throwIfCancelled()} between steps) or
 * registers a callback ({@link #onCancel}) that stops a remote backend, for example by calling ComfyUI's
 * interrupt. Waiting with {@link #awaitCancellation} instead of {@link Thread#sleep} lets a pause end as
 * soon as the job is cancelled.
 *
 * <p>The signal fires once, for the first {@link Reason}; the worker, not the generator, decides from
 * the reason how the job ends. A generator only stops, by throwing {@link CancellationException} or any
 * other exception its backend raised when it was interrupted.
 */
public interface CancellationSignal {

    /** Why a job must stop. */
    enum Reason {
        /** The caller cancelled the job: it ends {@code cancelled}. */
        CANCELLED("cancelled"),
        /** The job ran longer than its media type allows: it ends {@code failed} ({@code timed_out}). */
        TIMED_OUT("timed out"),
        /** The worker is stopping and its shutdown grace is over: the job is handed back to the queue. */
        SHUTDOWN("the worker is shutting down"),
        /**
         * The worker lost the job's delivery (its broker channel closed): the broker already gave the job
         * back to the queue, so this worker records nothing more.
         */
        LOST("the worker lost the job's delivery");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        /** A few words for logs and exception messages. */
        public String text() {
            return text;
        }
    }

    /** Whether the job must stop. */
    boolean isCancelled();

    /**
     * Why the job must stop, or empty while it may go on. Implementations that know only
     * {@link #isCancelled()} report {@link Reason#CANCELLED}.
     */
    default Optional<Reason> reason() {
        return isCancelled() ? Optional.of(Reason.CANCELLED) : Optional.empty();
    }

    /**
     * Ends the generator's work if the job must stop.
     *
     * @throws CancellationException when it must, with the reason as its message
     */
    default void throwIfCancelled() {
        Optional<Reason> reason = reason();
        if (reason.isPresent()) {
            throw new CancellationException(reason.get().text());
        }
    }

    /**
     * Runs {@code callback} once when the job must stop, on the thread that stops it; at once, on the
     * caller's thread, if it already must. A callback should be quick and must not throw.
     */
    void onCancel(Runnable callback);

    /**
     * Waits until the job must stop or {@code timeout} passed, whichever comes first.
     *
     * @return whether the job must stop
     * @throws InterruptedException when the waiting thread is interrupted
     */
    boolean awaitCancellation(Duration timeout) throws InterruptedException;
}
