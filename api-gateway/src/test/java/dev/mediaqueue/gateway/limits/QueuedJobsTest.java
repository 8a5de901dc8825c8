package dev.mediaqueue.gateway.limits;

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

class QueuedJobsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final QueuedJobs queued = new QueuedJobs();
    private final StatusCache cache = new StatusCache(List.of(queued));

    @Test
    void queuedJobsCountPerTenantUntilTheyStart() {
        StatusEvent first = queued("alice");
        cache.apply(first);
        cache.apply(queued("alice"));
        cache.apply(queued("bob"));

        assertThat(queued.of("alice")).isEqualTo(2);
        assertThat(queued.of("bob")).isEqualTo(1);

        cache.apply(running(first));

        assertThat(queued.of("alice")).isEqualTo(1);
        assertThat(queued.of("carol")).isZero();
    }

    @Test
    void duplicatedAndLateEventsDoNotCountTwice() {
        StatusEvent job = queued("alice");
        StatusEvent running = running(job);
        cache.apply(job);
        cache.apply(running);

        // the stream brings the queued event back after the gateway applied it itself, and a late copy
        cache.apply(job);
        cache.apply(running);

        assertThat(queued.of("alice")).isZero();
    }

    @Test
    void cancelledFailedAndRequeuedJobsMoveTheCount() {
        StatusEvent cancelled = queued("alice");
        StatusEvent requeued = queued("alice");
        cache.apply(cancelled);
        cache.apply(requeued);
        cache.apply(cancelled.next().state(JobState.CANCELLED).seq(1).at(T0.plusSeconds(5)));
        StatusEvent running = running(requeued);
        cache.apply(running);
        assertThat(queued.of("alice")).isZero();

        // the worker was lost: the job waits again
        cache.apply(running.next().state(JobState.QUEUED).attempt(2).seq(0).startedAt(null).at(T0.plusSeconds(20)));

        assertThat(queued.of("alice")).isEqualTo(1);
    }

    @Test
    void aReplayInAnyOrderEndsWithTheSameCount() {
        StatusEvent a = queued("alice");
        StatusEvent b = queued("alice");
        StatusEvent c = queued("alice");
        List<StatusEvent> history = List.of(a, b, c, running(a), running(b));
        QueuedJobs replayed = new QueuedJobs();
        StatusCache fresh = new StatusCache(List.of(replayed));

        // a second gateway reading the same stream, with its events partly reordered and repeated
        List.of(history.get(3), history.get(0), history.get(1), history.get(4), history.get(2), history.get(1))
                .forEach(fresh::apply);
        history.forEach(cache::apply);

        assertThat(replayed.of("alice")).isEqualTo(queued.of("alice")).isEqualTo(1);
    }

    private static StatusEvent queued(String tenant) {
        return StatusEvent.queued(new JobMessage(UUID.randomUUID(), MediaType.IMAGE, null, "a cat", null, null, Map.of(),
                tenant, T0, null, null));
    }

    private static StatusEvent running(StatusEvent queued) {
        return queued.next().state(JobState.RUNNING).attempt(1).seq(0).at(T0.plusSeconds(10));
    }
}
