package dev.mediaqueue.worker.generator;

/**
 * A job its generator could not complete, with a message meant for the user.
 *
 * <p>The worker reports the job as failed with the message as its error text; the stack trace stays in
 * the worker's log.
 */
public class GenerationException extends Exception {

    /** Whether trying the same job again could help. */
    public enum Kind {
        /** The input cannot work: a bad parameter, a refused prompt. Retrying cannot help. */
        PERMANENT,
        /** The backend failed (unreachable, out of memory, timed out); a later try might succeed. */
        TRANSIENT
    }

    private final Kind kind;

    public GenerationException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public GenerationException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** A failure caused by the job's input. */
    public static GenerationException permanent(String message) {
        return new GenerationException(Kind.PERMANENT, message);
    }

    /** A failure of the backend that a later try might not meet. */
    public static GenerationException transientFailure(String message, Throwable cause) {
        return new GenerationException(Kind.TRANSIENT, message, cause);
    }

    public Kind kind() {
        return kind;
    }
}
