package dev.mediaqueue.worker.progress;

import dev.mediaqueue.model.StatusEvent;

import java.util.concurrent.CompletableFuture;

/**
 * Sends status events to {@code media.status}: the seam between a job's lifecycle and the broker.
 */
@FunctionalInterface
public interface StatusPublisher {

    /**
     * Publishes {@code event} with routing key {@link StatusEvent#routingKey()}.
     *
     * @return completes when the broker confirmed the event; fails with
     *         {@link dev.mediaqueue.worker.system.PublishFailedException} when it did not take it
     */
    CompletableFuture<Void> publish(StatusEvent event);
}
