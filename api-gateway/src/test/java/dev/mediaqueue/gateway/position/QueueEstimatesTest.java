package dev.mediaqueue.gateway.position;

import dev.mediaqueue.gateway.position.QueueEstimates.Estimate;
import dev.mediaqueue.gateway.position.QueueEstimates.EstimatesChanged;
import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobResult;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;
import dev.mediaqueue.model.StatusEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class QueueEstimatesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final StatusCache cache = new StatusCache();
    private final QueueIndex index = new QueueIndex(cache);
    private final RunTimes runTimes = new RunTimes(cache, new PositionProperties(Duration.ofMillis(250), 3));
    private final ConsumerCounts consumers = new ConsumerCounts();
    private final List<Object> published = new ArrayList<>();
    private final QueueEstimates estimates = new QueueEstimates(index, runTimes, consumers, published::add);

    @Test
    void positionCountsTheJobsAheadByPriorityThenAge() {
        StatusEvent normalOld = queue(Priority.NORMAL, 0);
        StatusEvent normalNew = queue(Priority.NORMAL, 5);
        StatusEvent urgentNewest = queue(Priority.URGENT, 9);
        StatusEvent low = queue(Priority.LOW, 1);

        estimates.refresh();

        assertThat(position(urgentNewest)).isZero();
        assertThat(position(normalOld)).isEqualTo(1);
        assertThat(position(normalNew)).isEqualTo(2);
        assertThat(position(low)).isEqualTo(3);
    }

    @Test
    void jobsOfOtherMediaTypesAreNotAhead() {
        StatusEvent video = queue(MediaType.VIDEO, Priority.NORMAL, 0);
        StatusEvent image = queue(MediaType.IMAGE, Priority.NORMAL, 1);

        estimates.refresh();

        assertThat(position(video)).isZero();
        assertThat(position(image)).isZero();
    }

    @Test
    void aJobThatStartedLeavesTheLineAndHasNoPosition() {
        StatusEvent first = queue(Priority.NORMAL, 0);
        StatusEvent second = queue(Priority.NORMAL, 1);
        estimates.refresh();
        assertThat(position(second)).isEqualTo(1);

        StatusEvent running = start(first);
        estimates.refresh();

        assertThat(position(second)).isZero();
        assertThat(estimates.estimate(running).queuePosition()).isNull();
    }

    @Test
    void aRequeuedJobWaitsBehindTheJobsOfItsPriorityThatArrivedMeanwhile() {
        StatusEvent first = queue(Priority.NORMAL, 0);
        StatusEvent running = start(first);
        StatusEvent later = queue(Priority.NORMAL, 10);
        StatusEvent requeued = running.next().state(JobState.QUEUED).attempt(2).seq(0).startedAt(null).at(T0.plusSeconds(20));
        cache.apply(requeued);

        estimates.refresh();

        assertThat(position(later)).isZero();
        assertThat(estimates.estimate(cache.get(first.jobId()).orElseThrow()).queuePosition()).isEqualTo(1);
    }

    @Test
    void everyGatewayComputesTheSamePositionsWhateverTheJobIdsOrArrivalOrder() {
        List<StatusEvent> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            events.add(queued(MediaType.AUDIO, Priority.values()[i % 4], T0.plusSeconds(i % 7)));
        }
        Map<UUID, Integer> first = positionsAfterApplying(events);
        Collections.shuffle(events, new Random(42));
        Map<UUID, Integer> second = positionsAfterApplying(events);

        assertThat(second).isEqualTo(first);
        assertThat(first.values()).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 200).boxed().toList());
    }

    @Test
    void aPollOfTenThousandQueuedJobsLooksUpASnapshotInsteadOfWalkingTheQueue() {
        List<StatusEvent> jobs = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            jobs.add(queue(Priority.NORMAL, i));
        }
        estimates.refresh();
        long versionAfterRefresh = index.version(MediaType.VIDEO);

        for (int i = 0; i < 10_000; i++) {
            assertThat(position(jobs.get(i))).isEqualTo(i);
        }
        // nothing changed, so no refresh rebuilt anything and no waiter was woken
        published.clear();
        estimates.refresh();
        assertThat(published).isEmpty();
        assertThat(index.version(MediaType.VIDEO)).isEqualTo(versionAfterRefresh);
    }

    @Test
    void newPositionsAreAnnouncedForTheirMediaTypeOnly() {
        queue(MediaType.IMAGE, Priority.NORMAL, 0);
        estimates.refresh();
        published.clear();

        queue(MediaType.IMAGE, Priority.HIGH, 1);
        estimates.refresh();

        assertThat(published).containsExactly(new EstimatesChanged(MediaType.IMAGE));
    }

    @Test
    void etaIsUnknownUntilAJobOfTheTypeCompletedAndAWorkerConsumes() {
        StatusEvent waiting = queue(Priority.NORMAL, 0);
        estimates.refresh();
        assertThat(estimates.estimate(waiting).etaSeconds()).isNull();

        complete(queue(Priority.URGENT, 1), Duration.ofSeconds(20));
        estimates.refresh();
        assertThat(estimates.estimate(waiting).etaSeconds()).as("no consumer known").isNull();

        consumers.update(MediaType.VIDEO, 0);
        estimates.refresh();
        assertThat(estimates.estimate(waiting).etaSeconds()).as("no consumer").isNull();

        consumers.update(MediaType.VIDEO, 1);
        estimates.refresh();
        assertThat(estimates.estimate(waiting)).isEqualTo(new Estimate(0, 20));
    }

    @Test
    void etaGrowsWithTheRoundsOfWorkAheadAndShrinksWithMoreWorkers() {
        complete(queue(Priority.URGENT, 0), Duration.ofSeconds(30));
        List<StatusEvent> line = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            line.add(queue(Priority.NORMAL, 10 + i));
        }
        consumers.update(MediaType.VIDEO, 1);
        estimates.refresh();
        assertThat(estimates.estimate(line.get(4))).isEqualTo(new Estimate(4, 150));

        consumers.update(MediaType.VIDEO, 2);
        estimates.refresh();
        assertThat(estimates.estimate(line.get(4))).isEqualTo(new Estimate(4, 90));
        assertThat(estimates.estimate(line.get(1))).isEqualTo(new Estimate(1, 30));
    }

    @Test
    void meanRunTimeCoversTheLastCompletedJobsOnly() {
        complete(queue(Priority.NORMAL, 0), Duration.ofSeconds(100));
        complete(queue(Priority.NORMAL, 1), Duration.ofSeconds(10));
        complete(queue(Priority.NORMAL, 2), Duration.ofSeconds(20));
        complete(queue(Priority.NORMAL, 3), Duration.ofSeconds(30));

        assertThat(runTimes.mean(MediaType.VIDEO)).contains(Duration.ofSeconds(20));
        assertThat(runTimes.mean(MediaType.IMAGE)).isEmpty();
    }

    @Test
    void failedAndCancelledJobsSayNothingAboutRunTimes() {
        StatusEvent running = start(queue(Priority.NORMAL, 0));
        cache.apply(running.next().state(JobState.FAILED).seq(1).completedAt(T0.plusSeconds(1)).at(T0.plusSeconds(1)));

        assertThat(runTimes.mean(MediaType.VIDEO)).isEmpty();
    }

    @Test
    void aRunningJobsEtaIsWhatItsProgressLeavesOfTheMean() {
        complete(queue(Priority.NORMAL, 0), Duration.ofSeconds(100));
        StatusEvent running = start(queue(Priority.NORMAL, 1));
        StatusEvent halfway = running.next().seq(1).progress(50).at(T0.plusSeconds(60));
        cache.apply(halfway);
        estimates.refresh();

        assertThat(estimates.estimate(halfway)).isEqualTo(new Estimate(null, 50));
    }

    @Test
    void finishedJobsHaveNoEstimate() {
        complete(queue(Priority.NORMAL, 0), Duration.ofSeconds(10));
        StatusEvent done = complete(queue(Priority.NORMAL, 1), Duration.ofSeconds(10));
        estimates.refresh();

        assertThat(estimates.estimate(done)).isEqualTo(Estimate.NONE);
    }

    private Map<UUID, Integer> positionsAfterApplying(List<StatusEvent> events) {
        StatusCache otherCache = new StatusCache();
        QueueIndex otherIndex = new QueueIndex(otherCache);
        QueueEstimates other = new QueueEstimates(otherIndex, new RunTimes(otherCache,
                new PositionProperties(Duration.ofMillis(250), 3)), new ConsumerCounts(), e -> { });
        events.forEach(otherCache::apply);
        other.refresh();
        Map<UUID, Integer> positions = new java.util.HashMap<>();
        events.forEach(e -> positions.put(e.jobId(), other.estimate(e).queuePosition()));
        return positions;
    }

    private Integer position(StatusEvent event) {
        return estimates.estimate(event).queuePosition();
    }

    private StatusEvent queue(Priority priority, int secondsAfterT0) {
        return queue(MediaType.VIDEO, priority, secondsAfterT0);
    }

    private StatusEvent queue(MediaType type, Priority priority, int secondsAfterT0) {
        StatusEvent event = queued(type, priority, T0.plusSeconds(secondsAfterT0));
        cache.apply(event);
        return event;
    }

    private StatusEvent start(StatusEvent queued) {
        StatusEvent running = queued.next().state(JobState.RUNNING).attempt(1).seq(0)
                .startedAt(queued.createdAt().plusSeconds(1)).at(queued.createdAt().plusSeconds(1));
        cache.apply(running);
        return running;
    }

    private StatusEvent complete(StatusEvent queued, Duration runTime) {
        StatusEvent running = start(queued);
        Instant end = running.startedAt().plus(runTime);
        StatusEvent completed = running.next().state(JobState.COMPLETED).seq(1).progress(100)
                .result(new JobResult("/exports/x.gif", "image/gif", 1, Map.of())).completedAt(end).at(end);
        cache.apply(completed);
        return completed;
    }

    private static StatusEvent queued(MediaType type, Priority priority, Instant createdAt) {
        return StatusEvent.queued(new JobMessage(UUID.randomUUID(), type, "demo", "x", null, priority, Map.of(),
                "default", createdAt, null, null));
    }
}
