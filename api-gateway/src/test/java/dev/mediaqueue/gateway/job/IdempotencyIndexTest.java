package dev.mediaqueue.gateway.job;

import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyIndexTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final IdempotencyKey KEY = new IdempotencyKey("k-1");

    private final IdempotencyIndex index = new IdempotencyIndex();
    private final StatusCache cache = new StatusCache(List.of(index));

    @Test
    void keyOfAQueuedEventPointsToItsJobAndRequest() {
        StatusEvent queued = queued("alice", "k-1", "hash-a");

        cache.apply(queued);

        assertThat(index.find("alice", KEY)).contains(new IdempotencyIndex.Entry(queued.jobId(), "hash-a"));
        assertThat(index.find("bob", KEY)).isEmpty();
    }

    @Test
    void firstJobSeenWithAKeyKeepsIt() {
        StatusEvent first = queued("alice", "k-1", "hash-a");
        StatusEvent second = queued("alice", "k-1", "hash-b");

        cache.apply(first);
        cache.apply(second);

        assertThat(index.find("alice", KEY).orElseThrow().jobId()).isEqualTo(first.jobId());
    }

    @Test
    void eventsWithoutAKeyAreNotIndexed() {
        cache.apply(queued("alice", null, null));

        assertThat(index.size()).isZero();
    }

    @Test
    void keyIsForgottenWithItsJobAfterTheRetention() {
        StatusEvent queued = queued("alice", "k-1", "hash-a");
        cache.apply(queued);
        // the worker's events carry no key
        StatusEvent running = StatusEvent.queued(new JobMessage(queued.jobId(), MediaType.IMAGE, null, "x", null, null,
                Map.of(), "alice", T0, null, null)).next().state(JobState.RUNNING).attempt(1).seq(0).at(T0.plusSeconds(1));
        cache.apply(running);
        cache.apply(running.next().state(JobState.COMPLETED).seq(1).completedAt(T0.plusSeconds(2)).at(T0.plusSeconds(2)));

        cache.evictFinishedBefore(T0.plusSeconds(3));

        assertThat(index.find("alice", KEY)).isEmpty();
        assertThat(index.size()).isZero();
    }

    @Test
    void evictingALaterJobWithTheSameKeyKeepsTheOwnersEntry() {
        StatusEvent owner = queued("alice", "k-1", "hash-a");
        StatusEvent duplicate = queued("alice", "k-1", "hash-a");
        cache.apply(owner);
        cache.apply(duplicate);
        cache.apply(duplicate.next().state(JobState.CANCELLED).seq(1).at(T0));

        cache.evictFinishedBefore(T0.plusSeconds(1));

        assertThat(index.find("alice", KEY).orElseThrow().jobId()).isEqualTo(owner.jobId());
        assertThat(index.size()).isEqualTo(1);
    }

    private static StatusEvent queued(String tenant, String key, String hash) {
        return StatusEvent.queued(new JobMessage(UUID.randomUUID(), MediaType.IMAGE, null, "a cat", null, null,
                Map.of(), tenant, T0, null, null), key, hash);
    }
}
