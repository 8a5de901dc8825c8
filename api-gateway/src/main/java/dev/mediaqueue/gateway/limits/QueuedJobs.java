package dev.mediaqueue.gateway.limits;

import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.StatusEvent;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many jobs of each tenant are {@code queued} right now, kept in step with the status cache: a job
 * counts from its {@code queued} event until it starts running, is cancelled or fails (and again when a lost
 * worker's job is requeued). Since it follows the cache, it is right after the start-up replay and the same
 * on every gateway, all of which read the same status stream.
 */
@Component
class QueuedJobs implements StatusCache.Listener {

    private final Map<String, Integer> queued = new ConcurrentHashMap<>();

    /** Jobs of the tenant waiting in the queues. */
    int of(String tenant) {
        return queued.getOrDefault(tenant, 0);
    }

    @Override
    public void applied(StatusEvent previous, StatusEvent current) {
        int change = (isQueued(current) ? 1 : 0) - (isQueued(previous) ? 1 : 0);
        if (change != 0) {
            // a tenant with nothing queued leaves the map, so it holds only tenants with waiting jobs
            queued.merge(current.tenant(), change, (held, delta) -> held + delta == 0 ? null : held + delta);
        }
    }

    private static boolean isQueued(StatusEvent status) {
        return status != null && status.state() == JobState.QUEUED;
    }
}
