package dev.mediaqueue.worker.generator;

import dev.mediaqueue.model.JobMessage;

/**
 * Produces the media file of a job: the worker's extension point.
 *
 * <p>Implementations are Spring beans. For each job the worker asks the generators in order
 * ({@link org.springframework.core.annotation.Order}) and runs the first one whose {@link #supports}
 * answers true; the built-in demo generators have the lowest precedence.
 *
 * <p>{@link #generate} runs on the worker's consumer thread and may take minutes. It reports progress
 * through {@link ProgressReporter} as often as it likes (the worker throttles what it publishes), checks
 * {@link CancellationSignal} between steps or registers an {@link CancellationSignal#onCancel} callback
 * that interrupts a remote backend, and writes its output only to paths handed out by
 * {@link OutputFiles}.
 *
 * <p>Failures: throw {@link GenerationException} with {@link GenerationException.Kind#PERMANENT} when the
 * input cannot work (a bad parameter, a prompt the model refuses) and {@link GenerationException.Kind#TRANSIENT}
 * when the backend failed and a later try might succeed. The exception's message is shown to the user,
 * so it says what went wrong in plain words. Any other exception is reported as an internal error.
 * Cancellation ends the job by {@link CancellationSignal#throwIfCancelled()}.
 */
public interface MediaGenerator {

    /** Whether this generator can run {@code job} (by its media type, config id or params). */
    boolean supports(JobMessage job);

    /**
     * Runs the job and returns the file it produced.
     *
     * @param job      the job, already validated as a well-formed message
     * @param progress where to report progress (0–100) and a short line about the current step
     * @param cancel   whether the job was cancelled; checked between steps
     * @param out      hands out the output paths inside the result store
     * @return the produced file, its content type and a few facts about it
     * @throws GenerationException when the job cannot be completed
     * @throws java.util.concurrent.CancellationException when the job was cancelled
     */
    GeneratedMedia generate(JobMessage job, ProgressReporter progress, CancellationSignal cancel, OutputFiles out)
            throws GenerationException;

    /** A short name for logs and result metadata. */
    default String name() {
        return getClass().getSimpleName();
    }
}
