package dev.mediaqueue.gateway.delivery;

import dev.mediaqueue.gateway.position.QueueEstimates.EstimatesChanged;
import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.model.MediaType;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests waiting for a job to change (long polls, sync waits, event streams), woken when the
 * status cache applies one of its events or when the queue estimates of its media type change.
 *
 * <p>A waiter holds no thread: it is told, on the thread that made the change, that its job may have
 * changed, and decides itself whether that is news to its client.
 */
@Component
public class StatusWaiters {

    /** One waiting request. */
    interface Waiter {
        MediaType mediaType();

        /** Called on the changing thread: must return quickly and never block on a client. */
        void jobMayHaveChanged();
    }

    private final Map<UUID, Set<Waiter>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    StatusWaiters(StatusCache cache) {
        cache.onApplied(event -> wake(event.jobId()));
    }

    void add(UUID jobId, Waiter waiter) {
        waiting.compute(jobId, (id, waiters) -> {
            Set<Waiter> set = waiters == null ? ConcurrentHashMap.newKeySet() : waiters;
            if (set.add(waiter)) {
                count.incrementAndGet();
            }
            return set;
        });
    }

    void remove(UUID jobId, Waiter waiter) {
        waiting.computeIfPresent(jobId, (id, waiters) -> {
            if (waiters.remove(waiter)) {
                count.decrementAndGet();
            }
            return waiters.isEmpty() ? null : waiters;
        });
    }

    /** Requests waiting right now. */
    public int size() {
        return count.get();
    }

    void wake(UUID jobId) {
        Set<Waiter> waiters = waiting.get(jobId);
        if (waiters != null) {
            waiters.forEach(Waiter::jobMayHaveChanged);
        }
    }

    @EventListener
    void estimatesChanged(EstimatesChanged change) {
        for (Set<Waiter> waiters : waiting.values()) {
            for (Waiter waiter : waiters) {
                if (waiter.mediaType() == change.mediaType()) {
                    waiter.jobMayHaveChanged();
                }
            }
        }
    }
}
