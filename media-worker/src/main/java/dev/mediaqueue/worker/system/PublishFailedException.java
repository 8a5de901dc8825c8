package dev.mediaqueue.worker.system;

/** The broker did not confirm a publish: refused it, could not route it, or did not answer in time. */
public class PublishFailedException extends Exception {

    public PublishFailedException(String message) {
        super(message);
    }

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
