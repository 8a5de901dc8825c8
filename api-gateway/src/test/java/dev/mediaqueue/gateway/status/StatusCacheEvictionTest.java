package dev.mediaqueue.gateway.status;

import dev.mediaqueue.gateway.MutableClock;
import dev.mediaqueue.gateway.system.TopologyProperties;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class StatusCacheEvictionTest {

    private static final Duration RETENTION = Duration.ofHours(24);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<StatusEvent> evicted = new ArrayList<>();
    private final StatusCache cache = new StatusCache(List.of(new StatusCache.Listener() {
        @Override
        public void evicted(StatusEvent last) {
            evicted.add(last);
        }
    }));
    private final StatusCacheEviction eviction = new StatusCacheEviction(cache,
            new TopologyProperties(100, RETENTION, DataSize.ofMegabytes(1)), clock);

    @Test
    void finishedJobLeavesTheCacheOnceTheRetentionHasPassedAndListenersHearOfIt() {
        StatusEvent done = finishedNow();
        StatusEvent waiting = queuedNow();
        cache.apply(done);
        cache.apply(waiting);

        clock.advance(RETENTION);
        eviction.evictExpired();
        assertThat(cache.get(done.jobId())).contains(done);

        clock.advance(Duration.ofSeconds(1));
        eviction.evictExpired();
        assertThat(cache.get(done.jobId())).isEmpty();
        assertThat(evicted).containsExactly(done);
        assertThat(cache.get(waiting.jobId())).as("unfinished jobs stay").contains(waiting);
        assertThat(cache.jobsIn(JobState.CANCELLED)).isZero();
    }

    @Test
    void memoryIsBoundedByTheRetentionNotByUptime() {
        int jobsPerHour = 50;
        int most = 0;
        for (int hour = 0; hour < 24 * 5; hour++) {
            for (int i = 0; i < jobsPerHour; i++) {
                cache.apply(finishedNow());
            }
            clock.advance(Duration.ofHours(1));
            eviction.evictExpired();
            most = Math.max(most, cache.size());
        }
        assertThat(most).isLessThanOrEqualTo(jobsPerHour * 25);
        assertThat(evicted).hasSizeGreaterThan(jobsPerHour * 24 * 3);

        clock.advance(RETENTION.plusSeconds(1));
        eviction.evictExpired();
        assertThat(cache.size()).isZero();
    }

    private StatusEvent queuedNow() {
        return StatusEvent.queued(new JobMessage(UUID.randomUUID(), MediaType.IMAGE, null, "a cat", null, null,
                Map.of(), "default", clock.instant(), null, null));
    }

    private StatusEvent finishedNow() {
        StatusEvent queued = queuedNow();
        return queued.next().state(JobState.CANCELLED).seq(1).completedAt(clock.instant()).at(clock.instant());
    }
}
