package dev.mediaqueue.gateway.job;

import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.model.StatusEvent;
import org.springframework.stereotype.Component;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs of each batch, in the order they were started, built from the status events (each carries
 * its {@code batch_id}), so every gateway knows every batch. A job leaves its batch when it leaves the
 * cache, and a batch without jobs is forgotten.
 */
@Component
class BatchIndex implements StatusCache.Listener {

    /** A batch's owner and its jobs in start order. */
    record Batch(String tenant, List<UUID> jobIds) {
    }

    private final Map<UUID, Members> batches = new ConcurrentHashMap<>();

    Optional<Batch> find(UUID batchId) {
        Members members = batches.get(batchId);
        return members == null ? Optional.empty() : Optional.of(members.snapshot());
    }

    @Override
    public void applied(StatusEvent previous, StatusEvent current) {
        if (previous == null && current.batchId() != null) {
            batches.compute(current.batchId(), (id, members) -> {
                Members held = members != null ? members : new Members(current.tenant());
                held.add(current.jobId());
                return held;
            });
        }
    }

    @Override
    public void evicted(StatusEvent last) {
        if (last.batchId() != null) {
            batches.computeIfPresent(last.batchId(), (id, members) -> members.remove(last.jobId()) ? null : members);
        }
    }

    /** Batches known; 0 once all their jobs have left the cache. */
    int size() {
        return batches.size();
    }

    /** Changed only inside the map's atomic updates of its batch; read through a snapshot. */
    private static final class Members {
        private final String tenant;
        private final Set<UUID> jobIds = new LinkedHashSet<>();

        Members(String tenant) {
            this.tenant = tenant;
        }

        synchronized void add(UUID jobId) {
            jobIds.add(jobId);
        }

        /** Removes the job; returns whether the batch is empty now. */
        synchronized boolean remove(UUID jobId) {
            jobIds.remove(jobId);
            return jobIds.isEmpty();
        }

        synchronized Batch snapshot() {
            return new Batch(tenant, List.copyOf(jobIds));
        }
    }
}
