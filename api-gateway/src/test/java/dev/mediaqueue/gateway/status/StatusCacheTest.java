package dev.mediaqueue.gateway.status;

import dev.mediaqueue.gateway.status.StatusCache.Outcome;
import dev.mediaqueue.model.ErrorType;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobResult;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;
import dev.mediaqueue.model.StatusEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class StatusCacheTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final StatusCache cache = new StatusCache();

    private final StatusEvent queued = StatusEvent.queued(new JobMessage(UUID.randomUUID(), MediaType.VIDEO, null,
            "a dog on a skateboard", null, Priority.HIGH, Map.of(), "default", T0, null, null));
    private final StatusEvent started = queued.next().state(JobState.RUNNING).attempt(1).seq(0).startedAt(T0.plusSeconds(1))
            .workerId("w1").message("Starting").at(T0.plusSeconds(1));
    private final StatusEvent halfway = started.next().seq(1).progress(50).message("Sampling").at(T0.plusSeconds(5));
    private final StatusEvent completed = halfway.next().state(JobState.COMPLETED).seq(2).progress(100)
            .result(new JobResult("/exports/x.mp4", "video/mp4", 10, Map.of())).completedAt(T0.plusSeconds(9))
            .at(T0.plusSeconds(9));

    @Test
    void firstEventOfAnUnknownJobIsApplied() {
        assertThat(cache.apply(queued)).isEqualTo(Outcome.APPLIED);
        assertThat(cache.get(queued.jobId())).contains(queued);
    }

    @Test
    void legalMovesInOrderAreApplied() {
        for (StatusEvent event : List.of(queued, started, halfway, completed)) {
            assertThat(cache.apply(event)).isEqualTo(Outcome.APPLIED);
        }
        assertThat(cache.get(queued.jobId())).contains(completed);
        assertThat(cache.appliedEvents()).isEqualTo(4);
        assertThat(cache.ignoredEvents()).isZero();
    }

    @Test
    void ignoredEventsAreCountedByWhyTheyWereIgnored() {
        apply(queued, started, completed);
        StatusEvent newerButIllegal = completed.next().state(JobState.RUNNING).seq(3).at(T0.plusSeconds(10));

        cache.apply(halfway);
        cache.apply(completed);
        cache.apply(newerButIllegal);
        cache.apply(null);

        assertThat(cache.ignoredEvents(StatusCache.IgnoreReason.STALE)).isEqualTo(2);
        assertThat(cache.ignoredEvents(StatusCache.IgnoreReason.ILLEGAL)).isEqualTo(1);
        assertThat(cache.ignoredEvents(StatusCache.IgnoreReason.MALFORMED)).isEqualTo(1);
        assertThat(cache.ignoredEvents()).isEqualTo(4);
    }

    @Test
    void oldestQueuedIsWhenTheEarliestJobStillQueuedOfEachTypeWasAccepted() {
        StatusEvent laterVideo = StatusEvent.queued(new JobMessage(UUID.randomUUID(), MediaType.VIDEO, null,
                "a cat", null, Priority.LOW, Map.of(), "default", T0.plusSeconds(30), null, null));
        StatusEvent earlierVideoThatStarted = StatusEvent.queued(new JobMessage(UUID.randomUUID(), MediaType.VIDEO,
                null, "a bird", null, Priority.LOW, Map.of(), "default", T0.minusSeconds(60), null, null));
        StatusEvent audio = StatusEvent.queued(new JobMessage(UUID.randomUUID(), MediaType.AUDIO, null,
                "rain", null, Priority.LOW, Map.of(), "default", T0.plusSeconds(5), null, null));
        apply(queued, laterVideo, earlierVideoThatStarted, audio);
        cache.apply(earlierVideoThatStarted.next().state(JobState.RUNNING).attempt(1).seq(1).at(T0));

        assertThat(cache.oldestQueued()).containsExactlyInAnyOrderEntriesOf(Map.of(
                MediaType.VIDEO, T0, MediaType.AUDIO, T0.plusSeconds(5)));
    }

    @Test
    void lateProgressAfterCompletionIsIgnored() {
        apply(queued, started, completed);

        assertThat(cache.apply(halfway)).isEqualTo(Outcome.IGNORED);
        assertThat(cache.get(queued.jobId())).contains(completed);
        assertThat(cache.ignoredEvents()).isEqualTo(1);
    }

    @Test
    void duplicatedEventIsIgnored() {
        apply(queued, started);

        assertThat(cache.apply(started)).isEqualTo(Outcome.IGNORED);
        assertThat(cache.get(queued.jobId())).contains(started);
    }

    @Test
    void reorderedEventsEndAtTheNewest() {
        assertThat(cache.apply(halfway)).isEqualTo(Outcome.APPLIED);
        assertThat(cache.apply(queued)).isEqualTo(Outcome.IGNORED);
        assertThat(cache.apply(started)).isEqualTo(Outcome.IGNORED);
        assertThat(cache.apply(completed)).isEqualTo(Outcome.APPLIED);

        assertThat(cache.get(queued.jobId())).contains(completed);
    }

    @Test
    void illegalMoveIsIgnoredEvenWhenNewer() {
        apply(queued);
        StatusEvent completedWithoutRunning = queued.next().state(JobState.COMPLETED).seq(5).at(T0.plusSeconds(3));

        assertThat(cache.apply(completedWithoutRunning)).isEqualTo(Outcome.IGNORED);
        assertThat(cache.get(queued.jobId())).contains(queued);
    }

    @Test
    void terminalStateNeverChanges() {
        StatusEvent failed = started.next().state(JobState.FAILED).seq(1).error(ErrorType.TRANSIENT, "GPU lost")
                .at(T0.plusSeconds(2));
        apply(queued, started, failed);

        StatusEvent requeued = failed.next().state(JobState.QUEUED).attempt(2).seq(0).at(T0.plusSeconds(3));
        assertThat(cache.apply(requeued)).isEqualTo(Outcome.IGNORED);
        assertThat(cache.get(queued.jobId())).contains(failed);
    }

    @Test
    void progressOfASecondAttemptRestartsFromItsOwnSequence() {
        apply(queued, started, halfway);
        StatusEvent secondAttempt = halfway.next().attempt(2).seq(0).progress(5).workerId("w2")
                .startedAt(T0.plusSeconds(30)).at(T0.plusSeconds(30));

        assertThat(cache.apply(secondAttempt)).isEqualTo(Outcome.APPLIED);
        assertThat(cache.get(queued.jobId()).orElseThrow().progress()).isEqualTo(5);
        assertThat(cache.apply(halfway.next().seq(7).progress(90).at(T0.plusSeconds(31))))
                .as("a late event of the first attempt").isEqualTo(Outcome.IGNORED);
    }

    @Test
    void requeuedJobCanRunAgainWithTheNextAttempt() {
        StatusEvent requeued = halfway.next().state(JobState.QUEUED).seq(2).progress(0).message("Worker lost")
                .at(T0.plusSeconds(20));
        StatusEvent rerun = requeued.next().state(JobState.RUNNING).attempt(2).seq(0).at(T0.plusSeconds(21));

        apply(queued, started, halfway);
        assertThat(cache.apply(requeued)).isEqualTo(Outcome.APPLIED);
        assertThat(cache.apply(rerun)).isEqualTo(Outcome.APPLIED);
        assertThat(cache.get(queued.jobId())).contains(rerun);
    }

    @Test
    void nullEventIsIgnoredAndCounted() {
        assertThat(cache.apply(null)).isEqualTo(Outcome.IGNORED);
        assertThat(cache.ignoredEvents()).isEqualTo(1);
        assertThat(cache.size()).isZero();
    }

    @Test
    void countsJobsPerState() {
        StatusEvent other = StatusEvent.queued(new JobMessage(UUID.randomUUID(), MediaType.IMAGE, null, "x", null,
                null, null, null, T0, null, null));
        apply(queued, started, other);

        assertThat(cache.jobsIn(JobState.QUEUED)).isEqualTo(1);
        assertThat(cache.jobsIn(JobState.RUNNING)).isEqualTo(1);

        apply(halfway, completed);
        assertThat(cache.jobsIn(JobState.RUNNING)).isZero();
        assertThat(cache.jobsIn(JobState.COMPLETED)).isEqualTo(1);
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void evictsOnlyFinishedJobsOlderThanTheCutoff() {
        StatusEvent waiting = StatusEvent.queued(new JobMessage(UUID.randomUUID(), MediaType.AUDIO, null, "x", null,
                null, null, null, T0, null, null));
        apply(queued, started, completed, waiting);

        assertThat(cache.evictFinishedBefore(completed.updatedAt())).isZero();
        assertThat(cache.evictFinishedBefore(T0.plus(Duration.ofDays(2)))).isEqualTo(1);

        assertThat(cache.get(queued.jobId())).isEmpty();
        assertThat(cache.get(waiting.jobId())).contains(waiting);
        assertThat(cache.jobsIn(JobState.COMPLETED)).isZero();
    }

    private void apply(StatusEvent... events) {
        for (StatusEvent event : events) {
            cache.apply(event);
        }
    }

    @Test
    void listenersHearOfAppliedEventsOnly() {
        List<StatusEvent> heard = new java.util.ArrayList<>();
        cache.onApplied(heard::add);

        apply(queued, started, completed);
        cache.apply(halfway);

        assertThat(heard).containsExactly(queued, started, completed);
    }

    @Test
    void aFailingListenerNeitherStopsTheOthersNorMakesTheEventIgnored() {
        List<StatusEvent> heard = new java.util.ArrayList<>();
        cache.onApplied(event -> {
            throw new IllegalStateException("listener bug");
        });
        cache.onApplied(heard::add);

        assertThat(cache.apply(queued)).isEqualTo(Outcome.APPLIED);
        assertThat(heard).containsExactly(queued);
    }
}
