package dev.mediaqueue.gateway.results;

import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.model.StatusEvent;
import org.springframework.stereotype.Component;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs that left the status cache since the last retention sweep, whose files are due: collected
 * here so one read of the result directory serves them all.
 */
@Component
class EvictedJobs implements StatusCache.Listener {

    private final Set<UUID> pending = ConcurrentHashMap.newKeySet();

    @Override
    public void evicted(StatusEvent last) {
        pending.add(last.jobId());
    }

    /** The jobs evicted since the last call. */
    Set<UUID> drain() {
        Set<UUID> drained = ConcurrentHashMap.newKeySet();
        for (UUID jobId : pending) {
            if (pending.remove(jobId)) {
                drained.add(jobId);
            }
        }
        return drained;
    }

    int size() {
        return pending.size();
    }
}
