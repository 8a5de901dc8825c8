package dev.mediaqueue.worker.progress;

import dev.mediaqueue.model.ErrorType;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobResult;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.worker.testing.Jobs;
import dev.mediaqueue.worker.testing.MutableClock;
import dev.mediaqueue.worker.testing.RecordingStatusPublisher;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AttemptEventsTest {

    private static final Duration INTERVAL = Duration.ofMillis(250);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final RecordingStatusPublisher publisher = new RecordingStatusPublisher();
    private final JobMessage job = Jobs.job(MediaType.IMAGE, Map.of());
    private final AttemptEvents events = new AttemptEvents(job, 2, "worker-1", publisher, clock, INTERVAL,
            Duration.ofSeconds(1));

    @Test
    void eventsAreNumberedFromOneWithinTheAttempt() {
        events.running("Running");
        clock.advance(INTERVAL);
        events.report(40, "Step 4");
        clock.advance(INTERVAL);
        events.completed(new JobResult("/exports/x.png", "image/png", 10, Map.of()));

        assertThat(publisher.events()).extracting(StatusEvent::seq).containsExactly(1L, 2L, 3L);
        assertThat(publisher.events()).allSatisfy(e -> {
            assertThat(e.attempt()).isEqualTo(2);
            assertThat(e.workerId()).isEqualTo("worker-1");
            assertThat(e.jobId()).isEqualTo(job.jobId());
        });
    }

    @Test
    void runningEventStartsAtZeroWithAStartTime() {
        events.running("Running");

        StatusEvent running = publisher.last();
        assertThat(running.state()).isEqualTo(JobState.RUNNING);
        assertThat(running.progress()).isZero();
        assertThat(running.startedAt()).isEqualTo(clock.instant());
    }

    @Test
    void progressNeverGoesBackwardsAndStaysWithinBounds() {
        events.running("Running");
        clock.advance(INTERVAL);
        events.report(60, "Step 6");
        clock.advance(INTERVAL);
        events.report(30, "Step 3 again");
        clock.advance(INTERVAL);
        events.report(150, "Overshoot");

        assertThat(publisher.events()).extracting(StatusEvent::progress).containsExactly(0, 60, 60, 100);
    }

    @Test
    void progressWithoutMessageKeepsThePreviousLine() {
        events.running("Running");
        clock.advance(INTERVAL);
        events.report(50, null);

        assertThat(publisher.last().message()).isEqualTo("Running");
    }

    @Test
    void progressBeforeRunningIsIgnored() {
        events.report(50, "too early");

        assertThat(publisher.events()).isEmpty();
    }

    @Test
    void progressAfterTheTerminalEventIsIgnored() {
        events.running("Running");
        events.failed(ErrorType.PERMANENT, "bad input");
        clock.advance(INTERVAL);
        events.report(80, "late");

        assertThat(publisher.states()).containsExactly(JobState.RUNNING, JobState.FAILED);
    }

    @Test
    void completedEventCarriesTheResultAndFullProgress() {
        events.running("Running");
        JobResult result = new JobResult("/exports/x.png", "image/png", 10, Map.of("width", 512));

        assertThat(events.completed(result)).isTrue();

        StatusEvent completed = publisher.last();
        assertThat(completed.state()).isEqualTo(JobState.COMPLETED);
        assertThat(completed.progress()).isEqualTo(100);
        assertThat(completed.result()).isEqualTo(result);
        assertThat(completed.completedAt()).isEqualTo(clock.instant());
    }

    @Test
    void failedEventCarriesTypeAndText() {
        events.failed(ErrorType.EXPIRED, "expired: not started before 2026-01-01T00:00:00Z");

        StatusEvent failed = publisher.last();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.errorType()).isEqualTo(ErrorType.EXPIRED);
        assertThat(failed.error()).startsWith("expired: not started before");
        assertThat(failed.seq()).isEqualTo(1);
        assertThat(failed.startedAt()).isNull();
    }

    @Test
    void terminalEventThatIsNotConfirmedIsReportedAsNotRecorded() {
        publisher.refuseTerminalEvents();
        events.running("Running");

        assertThat(events.cancelled("Cancelled")).isFalse();
    }

    @Test
    void requeuedEventIsQueuedWithSeqZeroOfTheNewAttempt() {
        assertThat(events.requeued("Requeued after a worker was lost")).isTrue();

        StatusEvent queued = publisher.last();
        assertThat(queued.state()).isEqualTo(JobState.QUEUED);
        assertThat(queued.attempt()).isEqualTo(2);
        assertThat(queued.seq()).isZero();
    }

    @Test
    void previewTravelsOnProgressEventsWhileRunningAndNotOnTheTerminalEvent() {
        events.running("Running");
        clock.advance(INTERVAL);
        events.report(30, "Sampling step 3/10");
        clock.advance(INTERVAL);

        events.preview("/exports/job-preview.jpg?v=1");
        StatusEvent withPreview = publisher.last();
        clock.advance(INTERVAL);
        events.report(40, "Sampling step 4/10");
        StatusEvent next = publisher.last();
        clock.advance(INTERVAL);
        events.completed(new JobResult("/exports/x.png", "image/png", 10, Map.of()));

        assertThat(withPreview.previewUrl()).isEqualTo("/exports/job-preview.jpg?v=1");
        assertThat(withPreview.progress()).isEqualTo(30);
        assertThat(withPreview.message()).isEqualTo("Sampling step 3/10");
        assertThat(next.previewUrl()).isEqualTo("/exports/job-preview.jpg?v=1");
        assertThat(publisher.last().state()).isEqualTo(JobState.COMPLETED);
        assertThat(publisher.last().previewUrl()).isNull();
    }

    @Test
    void newPreviewWithinTheIntervalWaitsForTheNextPassingProgress() {
        events.running("Running");
        clock.advance(INTERVAL);
        events.report(30, "Sampling step 3/10");
        int published = publisher.events().size();

        events.preview("/exports/job-preview.jpg?v=2");
        assertThat(publisher.events()).hasSize(published);
        clock.advance(INTERVAL);
        events.report(31, "Sampling step 3/10");

        assertThat(publisher.last().previewUrl()).isEqualTo("/exports/job-preview.jpg?v=2");
    }

    @Test
    void previewBeforeRunningIsIgnored() {
        events.preview("/exports/job-preview.jpg?v=1");

        assertThat(publisher.events()).isEmpty();
    }

    @Test
    void terminalEventWaitsUntilTheRunningEventIsConfirmedSoItCannotOvertakeIt() throws Exception {
        java.util.concurrent.CompletableFuture<Void> runningConfirm = new java.util.concurrent.CompletableFuture<>();
        java.util.List<JobState> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        AttemptEvents slow = new AttemptEvents(job, 1, "worker-1", event -> {
            sent.add(event.state());
            return event.state() == JobState.RUNNING ? runningConfirm : java.util.concurrent.CompletableFuture.completedFuture(null);
        }, clock, INTERVAL, Duration.ofSeconds(5));
        slow.running("Running");

        java.util.concurrent.CompletableFuture<Boolean> completed = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> slow.completed(new JobResult("/exports/x.png", "image/png", 1, Map.of())));
        Thread.sleep(200); // give the terminal publish a chance to overtake, which it must not take
        assertThat(sent).containsExactly(JobState.RUNNING);

        runningConfirm.complete(null);
        assertThat(completed.get(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(sent).containsExactly(JobState.RUNNING, JobState.COMPLETED);
    }

    @Test
    void anUnconfirmedRunningEventDelaysTheTerminalOneOnlyUpToTheConfirmTimeout() {
        AttemptEvents stuck = new AttemptEvents(job, 1, "worker-1", event -> event.state() == JobState.RUNNING
                ? new java.util.concurrent.CompletableFuture<>()
                : java.util.concurrent.CompletableFuture.completedFuture(null), clock, INTERVAL, Duration.ofMillis(100));
        stuck.running("Running");

        assertThat(stuck.completed(new JobResult("/exports/x.png", "image/png", 1, Map.of()))).isTrue();
    }
}
