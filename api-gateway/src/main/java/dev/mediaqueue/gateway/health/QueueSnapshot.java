package dev.mediaqueue.gateway.health;

import dev.mediaqueue.model.MediaType;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the gateway last learned about the job queues: whether the broker answered, the ready messages
 * and consumers of each {@code media.jobs.<type>}, and when the oldest job still queued of each type
 * was accepted (from the status cache). Immutable; {@link QueuePoller} replaces it every few seconds.
 *
 * @param brokerUp     whether the broker answered the last look
 * @param queues       depth and consumers of each job queue the broker reported; empty while it is down
 * @param oldestQueued when the oldest queued job of each type was accepted; types without one are absent
 * @param checkedAt    when this was learned, or null before the first look
 */
public record QueueSnapshot(boolean brokerUp, Map<MediaType, Queue> queues, Map<MediaType, Instant> oldestQueued,
                            Instant checkedAt) {

    /** One job queue: ready messages (not those delivered and unacknowledged) and consumers. */
    public record Queue(long depth, long consumers) {
    }

    static final QueueSnapshot NOT_CHECKED = new QueueSnapshot(false, Map.of(), Map.of(), null);

    public QueueSnapshot {
        queues = Map.copyOf(queues);
        oldestQueued = Map.copyOf(oldestQueued);
    }

    public Optional<Queue> queue(MediaType type) {
        return Optional.ofNullable(queues.get(type));
    }

    /** How long the oldest job still queued of {@code type} has waited at {@code now}; zero when none waits. */
    public Duration oldestAge(MediaType type, Instant now) {
        Instant oldest = oldestQueued.get(type);
        if (oldest == null || oldest.isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(oldest, now);
    }
}
