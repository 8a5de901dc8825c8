package dev.mediaqueue.worker.job;

import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.worker.system.PublishFailedException;

import java.util.Optional;

/**
 * One delivery of a job message and the ways to settle it. Exactly one of {@link #ack()},
 * {@link #deadLetter()} and {@link #requeue()} ends a delivery; a failure to settle is logged, not thrown,
 * because the broker then hands the message out again anyway.
 */
interface JobDelivery {

    byte[] body();

    /** Whether the broker delivered this message before (to a consumer that did not acknowledge it). */
    boolean isRedelivered();

    /** The media type of the job queue the message came from, whatever its body says; empty if unknown. */
    Optional<MediaType> queueMediaType();

    /** The attempt the message was published for ({@code x-mediaqueue-attempt}; 1 when missing). */
    int attemptHeader();

    /** Publishes the same message again, as {@code attempt}, and waits for the broker's confirm. */
    void republish(MediaType type, int attempt) throws PublishFailedException;

    /** The job reached an end that is recorded: remove the message. */
    void ack();

    /** The message cannot be run: remove it to {@code media.jobs.dead}. */
    void deadLetter();

    /** The job's end could not be recorded: give the message back for another attempt. */
    void requeue();

    /** Whether one of the settling methods was called. */
    boolean isSettled();

    /**
     * Runs {@code callback} once if this delivery is lost before the returned watch is closed: its
     * channel closed, so the broker gave the message to another consumer and this delivery can no
     * longer be settled. Runs it at once if the delivery is already lost.
     */
    Watch whenLost(Runnable callback);
}
