package dev.mediaqueue.gateway.position;

import dev.mediaqueue.gateway.health.QueueSnapshot;
import dev.mediaqueue.model.MediaType;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workers consuming each job queue, as last read from the broker; unknown until read. The counts
 * come from the {@link QueueSnapshot} the queue poller publishes after each look at the broker, so the
 * gateway reads the job queues in one place.
 */
@Component
class ConsumerCounts {

    private final Map<MediaType, Integer> counts = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();

    /** The consumers on the job queue of {@code type}, or null when not known. */
    Integer consumers(MediaType type) {
        return counts.get(type);
    }

    /** Grows whenever a count changed. */
    long version() {
        return version.get();
    }

    /** Takes the consumer counts of a new look at the job queues; a queue the broker did not report is unknown. */
    @EventListener
    void on(QueueSnapshot snapshot) {
        for (MediaType type : MediaType.values()) {
            update(type, snapshot.queue(type).map(queue -> (int) queue.consumers()).orElse(null));
        }
    }

    /** Records a count just read, or null when it could not be read. */
    void update(MediaType type, Integer consumers) {
        Integer old = consumers == null ? counts.remove(type) : counts.put(type, consumers);
        if (old == null ? consumers != null : !old.equals(consumers)) {
            version.incrementAndGet();
        }
    }
}
