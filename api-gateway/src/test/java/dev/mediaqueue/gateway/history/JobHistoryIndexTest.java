package dev.mediaqueue.gateway.history;

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

class JobHistoryIndexTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final JobHistoryIndex index = new JobHistoryIndex();
    private final StatusCache cache = new StatusCache(List.of(index));

    @Test
    void jobsAreListedNewestFirstWhateverTheOrderTheyArrive() {
        StatusEvent older = queued("alice", MediaType.IMAGE, 1);
        StatusEvent newest = queued("alice", MediaType.IMAGE, 3);
        StatusEvent middle = queued("alice", MediaType.IMAGE, 2);
        List.of(older, newest, middle).forEach(cache::apply);

        assertThat(ids("alice", null, null)).containsExactly(newest.jobId(), middle.jobId(), older.jobId());
    }

    @Test
    void eachTenantSeesOnlyItsOwnJobs() {
        StatusEvent alices = queued("alice", MediaType.IMAGE, 1);
        cache.apply(alices);
        cache.apply(queued("bob", MediaType.IMAGE, 2));

        assertThat(ids("alice", null, null)).containsExactly(alices.jobId());
        assertThat(ids("carol", null, null)).isEmpty();
    }

    @Test
    void jobsFollowTheirStateAndKeepTheirMediaType() {
        StatusEvent image = queued("alice", MediaType.IMAGE, 1);
        StatusEvent video = queued("alice", MediaType.VIDEO, 2);
        StatusEvent runningVideo = video.next().state(JobState.RUNNING).attempt(1).seq(0).at(T0.plusSeconds(5));
        List.of(image, video, runningVideo).forEach(cache::apply);

        assertThat(ids("alice", JobState.QUEUED, null)).containsExactly(image.jobId());
        assertThat(ids("alice", JobState.RUNNING, null)).containsExactly(video.jobId());
        assertThat(ids("alice", null, MediaType.VIDEO)).containsExactly(video.jobId());
        assertThat(ids("alice", JobState.RUNNING, MediaType.IMAGE)).isEmpty();
        assertThat(ids("alice", JobState.QUEUED, MediaType.IMAGE)).containsExactly(image.jobId());
    }

    @Test
    void jobsLeaveTheHistoryWithTheCache() {
        for (int i = 0; i < 50; i++) {
            StatusEvent queued = queued(i % 2 == 0 ? "alice" : "bob", MediaType.AUDIO, i);
            cache.apply(queued);
            cache.apply(queued.next().state(JobState.CANCELLED).seq(1).at(T0.plusSeconds(60)));
        }

        cache.evictFinishedBefore(T0.plusSeconds(61));

        assertThat(index.size()).isZero();
        assertThat(ids("alice", null, null)).isEmpty();
        assertThat(ids("alice", JobState.CANCELLED, MediaType.AUDIO)).isEmpty();
    }

    private List<UUID> ids(String tenant, JobState state, MediaType type) {
        return index.newestFirst(tenant, state, type).map(JobHistoryIndex.Entry::jobId).toList();
    }

    private static StatusEvent queued(String tenant, MediaType type, int second) {
        return StatusEvent.queued(new JobMessage(UUID.randomUUID(), type, null, "job " + second, null, null, Map.of(),
                tenant, T0.plusSeconds(second), null, null));
    }
}
