package dev.mediaqueue.gateway.position;

import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;
import dev.mediaqueue.model.StatusEvent;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The queued jobs of each media type in the order the broker hands them out: higher priority first,
 * then the longer waiting, then by job id so every gateway agrees on ties.
 *
 * <p>A job enters its queue when it is accepted and again when a lost worker's job is requeued (it
 * then waits behind the jobs of its priority that arrived meanwhile, as in RabbitMQ). Built from the
 * status cache alone, so every gateway that read the same events holds the same order.
 */
@Component
class QueueIndex {

    record Entry(UUID jobId, Priority priority, Instant enqueuedAt) {
    }

    static final Comparator<Entry> BROKER_ORDER = Comparator
            .comparingInt((Entry e) -> -e.priority().amqpPriority())
            .thenComparing(Entry::enqueuedAt)
            .thenComparing(Entry::jobId);

    private final StatusCache cache;
    private final Map<MediaType, Queue> queues = new EnumMap<>(MediaType.class);

    QueueIndex(StatusCache cache) {
        this.cache = cache;
        for (MediaType type : MediaType.values()) {
            queues.put(type, new Queue());
        }
        cache.onApplied(this::applied);
    }

    /** The queued job ids of a media type, first in line first. */
    List<UUID> inLine(MediaType type) {
        Queue queue = queues.get(type);
        synchronized (queue) {
            return queue.order.stream().map(Entry::jobId).toList();
        }
    }

    /** Grows whenever the queue of {@code type} changed; equal versions mean the same line. */
    long version(MediaType type) {
        Queue queue = queues.get(type);
        synchronized (queue) {
            return queue.version;
        }
    }

    private void applied(StatusEvent event) {
        Queue queue = queues.get(event.mediaType());
        synchronized (queue) {
            // listener calls for one job may cross; the cache's newest status under the lock settles it
            StatusEvent current = cache.get(event.jobId()).orElse(null);
            queue.update(event.jobId(), current != null && current.state() == JobState.QUEUED ? entry(current) : null);
        }
    }

    private static Entry entry(StatusEvent queued) {
        Instant enqueuedAt = queued.attempt() == 0 ? queued.createdAt() : queued.updatedAt();
        return new Entry(queued.jobId(), queued.priority(), enqueuedAt);
    }

    private static final class Queue {
        private final TreeSet<Entry> order = new TreeSet<>(BROKER_ORDER);
        private final Map<UUID, Entry> byId = new HashMap<>();
        private long version;

        void update(UUID jobId, Entry entry) {
            Entry old = entry == null ? byId.remove(jobId) : byId.put(jobId, entry);
            if (entry != null && entry.equals(old)) {
                return;
            }
            if (old != null) {
                order.remove(old);
            }
            if (entry != null) {
                order.add(entry);
            }
            if (old != null || entry != null) {
                version++;
            }
        }
    }
}
