package dev.mediaqueue.gateway.job;

import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.model.ErrorType;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.StatusEvent;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which job each {@code (tenant, Idempotency-Key)} started, with the hash of the request that started it.
 *
 * <p>Built from the status events that carry a key (a job's {@code queued} event records it), so every
 * gateway knows the keys used on any gateway, also after a restart. The first job seen with a key owns
 * it. An entry goes when its job leaves the cache after the retention, and when the broker refused the
 * job (the caller was told to retry, so the retry must start a job).
 */
@Component
class IdempotencyIndex implements StatusCache.Listener {

    /** What a key maps to. */
    record Entry(UUID jobId, String requestHash) {
    }

    private record Key(String tenant, String idempotencyKey) {
    }

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final Map<UUID, Key> keysByJob = new ConcurrentHashMap<>();

    Optional<Entry> find(String tenant, IdempotencyKey key) {
        return Optional.ofNullable(entries.get(new Key(tenant, key.value())));
    }

    @Override
    public void applied(StatusEvent previous, StatusEvent current) {
        if (isRefusedByTheBroker(current)) {
            forget(current.jobId());
        } else if (current.idempotencyKey() != null && !keysByJob.containsKey(current.jobId())) {
            Key key = new Key(current.tenant(), current.idempotencyKey());
            keysByJob.put(current.jobId(), key);
            entries.putIfAbsent(key, new Entry(current.jobId(), current.requestHash()));
        }
    }

    @Override
    public void evicted(StatusEvent last) {
        forget(last.jobId());
    }

    /** Jobs recorded with a key (every entry is one of them); 0 once all have left the cache. */
    int size() {
        return keysByJob.size();
    }

    private void forget(UUID jobId) {
        Key key = keysByJob.remove(jobId);
        if (key != null) {
            entries.computeIfPresent(key, (k, entry) -> entry.jobId().equals(jobId) ? null : entry);
        }
    }

    private static boolean isRefusedByTheBroker(StatusEvent event) {
        return event.state() == JobState.FAILED && event.errorType() == ErrorType.REJECTED;
    }
}
