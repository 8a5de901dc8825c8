package dev.mediaqueue.worker.job;

import dev.mediaqueue.model.ErrorType;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.worker.cancel.CancellationTokens;
import dev.mediaqueue.worker.generator.CancellationSignal;
import dev.mediaqueue.worker.generator.GeneratedMedia;
import dev.mediaqueue.worker.generator.GenerationException;
import dev.mediaqueue.worker.generator.MediaGenerator;
import dev.mediaqueue.worker.generator.OutputFiles;
import dev.mediaqueue.worker.generator.ProgressReporter;
import dev.mediaqueue.worker.generator.ResultStore;
import dev.mediaqueue.worker.generator.ResultsProperties;
import dev.mediaqueue.worker.job.FakeDelivery.Republished;
import dev.mediaqueue.worker.job.FakeDelivery.Settlement;
import dev.mediaqueue.worker.progress.StatusEvents;
import dev.mediaqueue.worker.system.WorkerProperties;
import dev.mediaqueue.worker.testing.Jobs;
import dev.mediaqueue.worker.testing.MutableClock;
import dev.mediaqueue.worker.testing.RecordingStatusPublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class JobRunnerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path results;

    private final MutableClock clock = new MutableClock(NOW);
    private final RecordingStatusPublisher publisher = new RecordingStatusPublisher();
    private final CancellationTokens cancellations = new CancellationTokens();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final WorkerProperties worker = new WorkerProperties(List.of(MediaType.IMAGE), "worker-1", 3,
            Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(30));
    private JobLifecycleProperties lifecycle = lifecycle(Duration.ofMinutes(5), null, Duration.ofMillis(10));
    private final FakeGenerator generator = new FakeGenerator();
    private final EndedJobs ended = new EndedJobs();
    private JobDeadlines deadlines;

    @AfterEach
    void stopWatchdog() {
        if (deadlines != null) {
            deadlines.destroy();
        }
    }

    private JobRunner runner(MediaGenerator... generators) {
        StatusEvents statusEvents = new StatusEvents(publisher, clock, worker);
        deadlines = new JobDeadlines(lifecycle, cancellations, clock);
        return new JobRunner(List.of(generators), statusEvents, cancellations,
                new ResultStore(new ResultsProperties(results)), deadlines,
                new NextAttempts(statusEvents, worker, lifecycle), ended, worker, clock, new JobMetrics(meters, worker),
                new JobInputCheck(JobInputLimits.DEFAULTS));
    }

    private static JobLifecycleProperties lifecycle(Duration imageRunTime, Duration imageQueueTime, Duration backoff) {
        return new JobLifecycleProperties(
                new JobLifecycleProperties.MaxRunTime(imageRunTime, Duration.ofMinutes(30), Duration.ofMinutes(10)),
                new JobLifecycleProperties.MaxQueueTime(imageQueueTime, null, null),
                new JobLifecycleProperties.RetryBackoff(backoff, backoff.multipliedBy(2), 2));
    }

    private double retries() {
        return meters.get("mediaqueue.jobs.retried").tag("media_type", "image").counter().count();
    }

    private double finished() {
        return meters.get("mediaqueue.jobs.finished").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void jobRunsAndIsAcknowledgedOnlyAfterItsCompletionWasRecorded() {
        JobMessage job = Jobs.job(MediaType.IMAGE, Map.of());
        FakeDelivery delivery = FakeDelivery.of(job);

        runner(generator).run(delivery);

        assertThat(publisher.states()).containsExactly(JobState.RUNNING, JobState.RUNNING, JobState.COMPLETED);
        StatusEvent completed = publisher.last();
        assertThat(completed.attempt()).isEqualTo(1);
        assertThat(completed.result().outputUrl()).isEqualTo("/exports/" + job.jobId() + ".txt");
        assertThat(completed.result().sizeBytes()).isEqualTo(5);
        assertThat(delivery.settlements()).containsExactly(Settlement.ACKED);
        assertThat(meters.get("mediaqueue.jobs.finished").tag("outcome", "completed").counter().count()).isEqualTo(1);
    }

    @Test
    void unreadableMessageIsDeadLetteredWithoutAnyEvent() {
        FakeDelivery delivery = FakeDelivery.raw("{\"nope\":");

        runner(generator).run(delivery);

        assertThat(delivery.settlements()).containsExactly(Settlement.DEAD_LETTERED);
        assertThat(publisher.events()).isEmpty();
        assertThat(meters.get("mediaqueue.jobs.dead.lettered").tags("media_type", "image", "reason", "malformed")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void messageWithoutJobIdIsDeadLettered() {
        FakeDelivery delivery = FakeDelivery.raw("""
                {"media_type":"image","user_input":"a cat","created_at":"2026-03-01T12:00:00Z"}""");

        runner(generator).run(delivery);

        assertThat(delivery.settlements()).containsExactly(Settlement.DEAD_LETTERED);
        assertThat(generator.runs).isFalse();
    }

    @Test
    void messageLargerThanAnyJobIsDeadLetteredUnread() {
        String prompt = "x".repeat((int) JobInputLimits.DEFAULTS.maxMessageSize().toBytes());
        FakeDelivery delivery = FakeDelivery.raw("{\"job_id\":\"" + java.util.UUID.randomUUID()
                + "\",\"media_type\":\"image\",\"user_input\":\"" + prompt + "\",\"created_at\":\"2026-03-01T12:00:00Z\"}");

        runner(generator).run(delivery);

        assertThat(delivery.settlements()).containsExactly(Settlement.DEAD_LETTERED);
        assertThat(publisher.events()).isEmpty();
        assertThat(generator.runs).isFalse();
    }

    @Test
    void hostileFieldFailsOnlyThatJobNamingTheFieldAndTheNextJobRuns() {
        JobMessage job = Jobs.job(MediaType.IMAGE, Map.of());
        JobMessage hostile = new JobMessage(job.jobId(), job.mediaType(), "../../etc/passwd", job.userInput(),
                job.language(), job.priority(), job.params(), job.tenant(), job.createdAt(), null, null);
        FakeDelivery refused = FakeDelivery.of(hostile);
        JobRunner runner = runner(generator);

        runner.run(refused);

        StatusEvent failed = publisher.last();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.errorType()).isEqualTo(ErrorType.PERMANENT);
        assertThat(failed.error()).startsWith("The job message was refused: config_id ");
        assertThat(refused.settlements()).containsExactly(Settlement.ACKED);
        assertThat(generator.runs).isFalse();

        FakeDelivery next = FakeDelivery.of(Jobs.job(MediaType.IMAGE, Map.of()));
        runner.run(next);

        assertThat(publisher.last().state()).isEqualTo(JobState.COMPLETED);
        assertThat(next.settlements()).containsExactly(Settlement.ACKED);
    }

    @Test
    void resultOutsideTheResultDirectoryFailsTheJobAndLeavesThatFileAlone(@TempDir Path elsewhere) throws IOException {
        Path secret = Files.writeString(elsewhere.resolve("secret.txt"), "not yours");
        generator.reportedFile = secret;
        JobMessage job = Jobs.job(MediaType.IMAGE, Map.of());
        FakeDelivery delivery = FakeDelivery.of(job);
        JobRunner runner = runner(generator);

        runner.run(delivery);

        StatusEvent failed = publisher.last();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error()).doesNotContain(elsewhere.toString());
        assertThat(failed.result()).isNull();
        assertThat(delivery.settlements()).containsExactly(Settlement.ACKED);
        assertThat(secret).hasContent("not yours");
        assertThat(results.resolve(job.jobId() + ".txt")).doesNotExist();

        generator.reportedFile = null;
        FakeDelivery next = FakeDelivery.of(Jobs.job(MediaType.IMAGE, Map.of()));
        runner.run(next);
        assertThat(publisher.last().state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void redeliveredJobIsRequeuedAsTheNextAttemptInsteadOfRunning() {
        JobMessage job = Jobs.job(MediaType.IMAGE, Map.of());
        FakeDelivery delivery = FakeDelivery.redelivered(job, 1);

        runner(generator).run(delivery);

        assertThat(delivery.republished()).containsExactly(new Republished(MediaType.IMAGE, 2));
        StatusEvent queued = publisher.last();
        assertThat(queued.state()).isEqualTo(JobState.QUEUED);
        assertThat(queued.attempt()).isEqualTo(2);
        assertThat(queued.seq()).isZero();
        assertThat(queued.message()).isEqualTo("Requeued after a worker was lost");
        assertThat(delivery.settlements()).containsExactly(Settlement.ACKED);
        assertThat(generator.runs).isFalse();
    }

    @Test
    void republishedAttemptRunsAsThatAttempt() {
        JobMessage job = Jobs.job(MediaType.IMAGE, Map.of());
        FakeDelivery delivery = FakeDelivery.of(job, 2);

        runner(generator).run(delivery);

        assertThat(publisher.events()).extracting(StatusEvent::attempt).containsOnly(2);
        assertThat(publisher.events().get(0).seq()).isEqualTo(1);
    }

    @Test
    void jobLostMoreOftenThanAllowedFailsAndIsDeadLettered() {
        JobMessage job = Jobs.job(MediaType.IMAGE, Map.of());
        FakeDelivery delivery = FakeDelivery.redelivered(job, 3);

        runner(generator).run(delivery);

        StatusEvent failed = publisher.last();
        assertThat(publisher.events()).hasSize(1);
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.errorType()).isEqualTo(ErrorType.MAX_ATTEMPTS);
        assertThat(failed.error()).isEqualTo("gave up after 3 attempts: the worker running it was lost each time");
        assertThat(failed.attempt()).isEqualTo(4);
        assertThat(failed.seq()).isEqualTo(1);
        assertThat(delivery.settlements()).containsExactly(Settlement.DEAD_LETTERED);
        assertThat(delivery.republished()).isEmpty();
    }

    @Test
    void giveUpThatCannotBeRecordedGoesBackToTheQueue() {
        publisher.refuseTerminalEvents();
        FakeDelivery delivery = FakeDelivery.redelivered(Jobs.job(MediaType.IMAGE, Map.of()), 3);

        runner(generator).run(delivery);

        assertThat(delivery.settlements()).containsExactly(Settlement.REQUEUED);
    }

    @Test
    void redeliveryThatCannotBeRepublishedGoesBackToTheQueue() {
        FakeDelivery delivery = FakeDelivery.redelivered(Jobs.job(MediaType.IMAGE, Map.of()), 1).refusingRepublish();

        runner(generator).run(delivery);

        assertThat(delivery.settlements()).containsExactly(Settlement.REQUEUED);
        assertThat(publisher.events()).isEmpty();
    }

    @Test
    void jobPastItsStartByFailsAsExpiredWithoutRunning() {
        JobMessage job = Jobs.withStartBy(Jobs.job(MediaType.IMAGE, Map.of()), NOW.minusSeconds(1));
        FakeDelivery delivery = FakeDelivery.of(job);

        runner(generator).run(delivery);

        StatusEvent failed = publisher.last();
        assertThat(failed.errorType()).isEqualTo(ErrorType.EXPIRED);
        assertThat(failed.error()).isEqualTo("expired: not started before " + NOW.minusSeconds(1));
        assertThat(delivery.settlements()).containsExactly(Settlement.ACKED);
        assertThat(generator.runs).isFalse();
    }

    @Test
    void jobWithAStartByStillAheadRuns() {
        JobMessage job = Jobs.withStartBy(Jobs.job(MediaType.IMAGE, Map.of()), NOW.plusSeconds(60));

        runner(generator).run(FakeDelivery.of(job));

        assertThat(publisher.last().state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void completionThatCannotBeRecordedGoesBackToTheQueue() {
        publisher.refuseTerminalEvents();
        FakeDelivery delivery = FakeDelivery.of(Jobs.job(MediaType.IMAGE, Map.of()));

        runner(generator).run(delivery);

        assertThat(delivery.settlements()).containsExactly(Settlement.REQUEUED);
        assertThat(meters.get("mediaqueue.jobs.finished").counters()).allSatisfy(c -> assertThat(c.count()).isZero());
    }

    @Test
    void refusedInputFailsPermanentlyWithTheGeneratorsWords() {
        generator.failWith = GenerationException.permanent("the prompt is empty");
        FakeDelivery delivery = FakeDelivery.of(Jobs.job(MediaType.IMAGE, Map.of()));

        runner(generator).run(delivery);

        StatusEvent failed = publisher.last();
        assertThat(failed.errorType()).isEqualTo(ErrorType.PERMANENT);
        assertThat(failed.error()).isEqualTo("the prompt is empty");
        assertThat(delivery.settlements()).containsExactly(Settlement.ACKED);
        assertThat(delivery.republished()).isEmpty();
    }

    @Test
    void transientFailureIsRetriedAsTheNextAttemptWhichThenCompletes() {
        generator.failWith = GenerationException.transientFailure("ComfyUI is unreachable", new IOException("refused"));
        JobMessage job = Jobs.job(MediaType.IMAGE, Map.of());
        FakeDelivery first = FakeDelivery.of(job);

        runner(generator).run(first);

        StatusEvent queued = publisher.last();
        assertThat(queued.state()).isEqualTo(JobState.QUEUED);
        assertThat(queued.attempt()).isEqualTo(2);
        assertThat(queued.seq()).isZero();
        assertThat(queued.message()).isEqualTo("Retrying after: ComfyUI is unreachable");
        assertThat(publisher.states()).doesNotContain(JobState.FAILED);
        assertThat(first.republished()).containsExactly(new Republished(MediaType.IMAGE, 2));
        assertThat(first.settlements()).containsExactly(Settlement.ACKED);
        assertThat(results.resolve(job.jobId() + ".txt")).doesNotExist();
        assertThat(retries()).isEqualTo(1);
        assertThat(finished()).isZero();

        generator.failWith = null;
        runner(generator).run(FakeDelivery.of(job, 2));

        assertThat(publisher.last().state()).isEqualTo(JobState.COMPLETED);
        assertThat(publisher.last().attempt()).isEqualTo(2);
    }

    @Test
    void transientFailureOfTheLastAttemptFailsWithTheLastError() {
        generator.failWith = GenerationException.transientFailure("CUDA out of memory", null);
        FakeDelivery delivery = FakeDelivery.of(Jobs.job(MediaType.IMAGE, Map.of()), 3);

        runner(generator).run(delivery);

        StatusEvent failed = publisher.last();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.errorType()).isEqualTo(ErrorType.TRANSIENT);
        assertThat(failed.error()).isEqualTo("CUDA out of memory (gave up after 3 attempts)");
        assertThat(failed.attempt()).isEqualTo(3);
        assertThat(delivery.republished()).isEmpty();
        assertThat(delivery.settlements()).containsExactly(Settlement.ACKED);
    }

    @Test
    void failureToStoreTheResultIsRetriedLikeABackendFailure() {
        generator.crash = new java.io.UncheckedIOException(new IOException("disk full"));
        FakeDelivery delivery = FakeDelivery.of(Jobs.job(MediaType.IMAGE, Map.of()));

        runner(generator).run(delivery);

        assertThat(delivery.republished()).containsExactly(new Republished(MediaType.IMAGE, 2));
    }

    @Test
    void cancelDuringTheRetryBackoffCancelsTheJobInsteadOfRetryingIt() {
        lifecycle = lifecycle(Duration.ofMinutes(5), null, Duration.ofMinutes(1));
        generator.failWith = GenerationException.transientFailure("ComfyUI is unreachable", null);
        JobMessage job = Jobs.job(MediaType.IMAGE, Map.of());
        FakeDelivery delivery = FakeDelivery.of(job);
        JobRunner runner = runner(generator);

        Thread running = new Thread(() -> runner.run(delivery));
        running.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> publisher.last().state() == JobState.QUEUED);
        cancellations.cancel(job.jobId());
        await().atMost(Duration.ofSeconds(10)).until(() -> !running.isAlive());

        StatusEvent cancelled = publisher.last();
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.attempt()).isEqualTo(2);
        assertThat(cancelled.seq()).isEqualTo(1);
        assertThat(delivery.republished()).isEmpty();
        assertThat(delivery.settlements()).containsExactly(Settlement.ACKED);
    }

    @Test
    void shutdownDuringTheRetryBackoffRepublishesAtOnce() {
        lifecycle = lifecycle(Duration.ofMinutes(5), null, Duration.ofMinutes(1));
        generator.failWith = GenerationException.transientFailure("ComfyUI is unreachable", null);
        FakeDelivery delivery = FakeDelivery.of(Jobs.job(MediaType.IMAGE, Map.of()));
        JobRunner runner = runner(generator);

        Thread running = new Thread(() -> runner.run(delivery));
        running.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> publisher.last().state() == JobState.QUEUED);
        cancellations.shutDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> !running.isAlive());

        assertThat(delivery.republished()).containsExactly(new Republished(MediaType.IMAGE, 2));
        assertThat(delivery.settlements()).containsExactly(Settlement.ACKED);
    }

    @Test
    void jobRunningLongerThanItsMediaTypeAllowsFailsAsTimedOut() {
        lifecycle = lifecycle(Duration.ofMillis(100), null, Duration.ofMillis(10));
        generator.waitForSignal = true;
        FakeDelivery delivery = FakeDelivery.of(Jobs.job(MediaType.IMAGE, Map.of()));

        runner(generator).run(delivery);

        StatusEvent failed = publisher.last();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.errorType()).isEqualTo(ErrorType.TIMED_OUT);
        assertThat(failed.error()).isEqualTo("timed out after 100ms");
        assertThat(delivery.republished()).isEmpty();
        assertThat(delivery.settlements()).containsExactly(Settlement.ACKED);
        assertThat(meters.get("mediaqueue.generator.failures").tags("media_type", "image", "kind", "timed_out")
                .counter().count()).isEqualTo(1);
        assertThat(meters.get("mediaqueue.jobs.finished").tags("media_type", "image", "outcome", "failed")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void jobEndingWithinItsRunTimeIsNotStoppedLater() {
        lifecycle = lifecycle(Duration.ofMillis(200), null, Duration.ofMillis(10));
        JobMessage job = Jobs.job(MediaType.IMAGE, Map.of());
        runner(generator).run(FakeDelivery.of(job));
        CancellationSignal next = cancellations.register(job.jobId());

        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> !next.isCancelled());
    }

    @Test
    void jobWaitingLongerThanItsMediaTypesQueueTimeExpiresWithoutRunning() {
        lifecycle = lifecycle(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMillis(10));
        JobMessage job = Jobs.createdAt(Jobs.job(MediaType.IMAGE, Map.of()), NOW);
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        FakeDelivery delivery = FakeDelivery.of(job);

        runner(generator).run(delivery);

        StatusEvent failed = publisher.last();
        assertThat(failed.errorType()).isEqualTo(ErrorType.EXPIRED);
        assertThat(failed.error()).isEqualTo("expired: not started within 10m of being queued");
        assertThat(delivery.settlements()).containsExactly(Settlement.ACKED);
        assertThat(generator.runs).isFalse();
    }

    @Test
    void jobWithinItsQueueTimeRuns() {
        lifecycle = lifecycle(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMillis(10));
        JobMessage job = Jobs.createdAt(Jobs.job(MediaType.IMAGE, Map.of()), NOW);
        clock.advance(Duration.ofMinutes(9));

        runner(generator).run(FakeDelivery.of(job));

        assertThat(publisher.last().state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void queueTimeOfAnotherMediaTypeDoesNotApply() {
        lifecycle = new JobLifecycleProperties(lifecycle.maxRunTime(),
                new JobLifecycleProperties.MaxQueueTime(null, Duration.ofMinutes(1), null), lifecycle.retryBackoff());
        JobMessage job = Jobs.createdAt(Jobs.job(MediaType.IMAGE, Map.of()), NOW);
        clock.advance(Duration.ofHours(1));

        runner(generator).run(FakeDelivery.of(job));

        assertThat(publisher.last().state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void jobThatFinishesDespiteAStopCompletes() {
        generator.during = (job, signal) -> cancellations.shutDown();

        runner(generator).run(FakeDelivery.of(Jobs.job(MediaType.IMAGE, Map.of())));

        assertThat(publisher.last().state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void stopReasonDecidesTheEndWhateverTheGeneratorThrew() {
        generator.during = (job, signal) -> cancellations.cancel(job.jobId());
        generator.failWith = GenerationException.transientFailure("ComfyUI said: interrupted", null);
        FakeDelivery delivery = FakeDelivery.of(Jobs.job(MediaType.IMAGE, Map.of()));

        runner(generator).run(delivery);

        assertThat(publisher.last().state()).isEqualTo(JobState.CANCELLED);
        assertThat(delivery.republished()).isEmpty();
        assertThat(delivery.settlements()).containsExactly(Settlement.ACKED);
    }

    @Test
    void jobStillRunningWhenTheShutdownGraceEndsIsHandedBackAsTheNextAttempt() {
        generator.during = (job, signal) -> cancellations.shutDown();
        generator.waitForSignal = true;
        JobMessage job = Jobs.job(MediaType.IMAGE, Map.of());
        FakeDelivery delivery = FakeDelivery.of(job);

        runner(generator).run(delivery);

        StatusEvent queued = publisher.last();
        assertThat(queued.state()).isEqualTo(JobState.QUEUED);
        assertThat(queued.attempt()).isEqualTo(2);
        assertThat(queued.message()).isEqualTo("Handed back: worker shutting down");
        assertThat(publisher.states()).containsOnly(JobState.RUNNING, JobState.QUEUED);
        assertThat(delivery.republished()).containsExactly(new Republished(MediaType.IMAGE, 2));
        assertThat(delivery.settlements()).containsExactly(Settlement.ACKED);
        assertThat(results.resolve(job.jobId() + ".txt")).doesNotExist();
        assertThat(retries()).isEqualTo(1);
        assertThat(finished()).isZero();
    }

    @Test
    void jobOnItsLastAttemptWhenTheWorkerShutsDownGivesUp() {
        generator.during = (job, signal) -> cancellations.shutDown();
        generator.waitForSignal = true;
        FakeDelivery delivery = FakeDelivery.of(Jobs.job(MediaType.IMAGE, Map.of()), 3);

        runner(generator).run(delivery);

        StatusEvent failed = publisher.last();
        assertThat(failed.errorType()).isEqualTo(ErrorType.MAX_ATTEMPTS);
        assertThat(failed.error()).contains("gave up after 3 attempts");
        assertThat(delivery.republished()).isEmpty();
        assertThat(delivery.settlements()).containsExactly(Settlement.DEAD_LETTERED);
    }

    @Test
    void jobArrivingWhileTheWorkerShutsDownIsHandedBackWithoutRunning() {
        cancellations.shutDown();
        FakeDelivery delivery = FakeDelivery.of(Jobs.job(MediaType.IMAGE, Map.of()));

        runner(generator).run(delivery);

        assertThat(generator.runs).isFalse();
        assertThat(publisher.states()).containsExactly(JobState.QUEUED);
        assertThat(delivery.republished()).containsExactly(new Republished(MediaType.IMAGE, 2));
        assertThat(delivery.settlements()).containsExactly(Settlement.ACKED);
    }

    @Test
    void jobWhoseDeliveryIsLostStopsAndRecordsNothingMore() {
        FakeDelivery delivery = FakeDelivery.of(Jobs.job(MediaType.IMAGE, Map.of()));
        generator.during = (job, signal) -> delivery.lose();
        generator.waitForSignal = true;

        runner(generator).run(delivery);

        assertThat(publisher.states()).containsOnly(JobState.RUNNING);
        assertThat(delivery.republished()).isEmpty();
        assertThat(delivery.settlements()).isEmpty();
        assertThat(delivery.isWatchingLoss()).isFalse();
        assertThat(retries()).isZero();
        assertThat(finished()).isZero();
    }

    @Test
    void messageOfAJobThatAlreadyEndedHereIsAcknowledgedWithoutRunningAgain() {
        JobMessage job = Jobs.job(MediaType.IMAGE, Map.of());
        JobRunner runner = runner(generator);
        runner.run(FakeDelivery.of(job));
        int events = publisher.events().size();
        generator.runs = false;
        FakeDelivery duplicate = FakeDelivery.redelivered(job, 1);

        runner.run(duplicate);

        assertThat(generator.runs).isFalse();
        assertThat(publisher.events()).hasSize(events);
        assertThat(duplicate.settlements()).containsExactly(Settlement.ACKED);
        assertThat(duplicate.republished()).isEmpty();
    }

    @Test
    void unexpectedExceptionIsAnInternalErrorAndRemovesPartialOutput() {
        generator.crash = new IllegalStateException("boom");
        JobMessage job = Jobs.job(MediaType.IMAGE, Map.of());

        runner(generator).run(FakeDelivery.of(job));

        assertThat(publisher.last().errorType()).isEqualTo(ErrorType.INTERNAL);
        assertThat(publisher.last().error()).isEqualTo("internal error: boom");
        assertThat(results.resolve(job.jobId() + ".txt")).doesNotExist();
    }

    @Test
    void runningJobThatIsCancelledEndsCancelled() {
        generator.during = (job, signal) -> cancellations.cancel(job.jobId());
        generator.waitForSignal = true;
        FakeDelivery delivery = FakeDelivery.of(Jobs.job(MediaType.IMAGE, Map.of()));

        runner(generator).run(delivery);

        assertThat(publisher.last().state()).isEqualTo(JobState.CANCELLED);
        assertThat(publisher.last().message()).isEqualTo("Cancelled");
        assertThat(delivery.settlements()).containsExactly(Settlement.ACKED);
        assertThat(generator.signalled).isEqualTo(CancellationSignal.Reason.CANCELLED);
    }

    @Test
    void cancellationNobodyAskedForIsAnInternalError() {
        generator.crash = new java.util.concurrent.CancellationException("stray");
        FakeDelivery delivery = FakeDelivery.of(Jobs.job(MediaType.IMAGE, Map.of()));

        runner(generator).run(delivery);

        assertThat(publisher.last().errorType()).isEqualTo(ErrorType.INTERNAL);
        assertThat(delivery.republished()).isEmpty();
    }

    @Test
    void jobCancelledBeforeItArrivedNeverRuns() {
        JobMessage job = Jobs.job(MediaType.IMAGE, Map.of());
        cancellations.cancel(job.jobId());
        FakeDelivery delivery = FakeDelivery.of(job);

        runner(generator).run(delivery);

        assertThat(publisher.states()).containsExactly(JobState.CANCELLED);
        assertThat(delivery.settlements()).containsExactly(Settlement.ACKED);
        assertThat(generator.runs).isFalse();
    }

    @Test
    void jobNoGeneratorSupportsFailsPermanently() {
        FakeDelivery delivery = FakeDelivery.of(Jobs.job(MediaType.AUDIO, Map.of()));

        runner(generator).run(delivery);

        assertThat(publisher.last().errorType()).isEqualTo(ErrorType.PERMANENT);
        assertThat(publisher.last().error()).contains("no generator for audio jobs");
        assertThat(delivery.settlements()).containsExactly(Settlement.ACKED);
    }

    @Test
    void firstGeneratorThatSupportsTheJobRunsIt() {
        FakeGenerator preferred = new FakeGenerator();

        runner(preferred, generator).run(FakeDelivery.of(Jobs.job(MediaType.IMAGE, Map.of())));

        assertThat(preferred.runs).isTrue();
        assertThat(generator.runs).isFalse();
    }

    @Test
    void completedJobRecordsItsQueueWaitAndRunTimeAndIsBusyWhileItRuns() {
        JobMessage queued = Jobs.job(MediaType.IMAGE, Map.of());
        JobMessage job = new JobMessage(queued.jobId(), queued.mediaType(), queued.configId(), queued.userInput(),
                queued.language(), queued.priority(), queued.params(), queued.tenant(), NOW.minusSeconds(40), null, null);
        generator.onRun = () -> {
            assertThat(meters.get("mediaqueue.worker.busy").tag("media_type", "image").gauge().value()).isEqualTo(1);
            assertThat(meters.get("mediaqueue.worker.job.progress.ratio").tag("media_type", "image").gauge().value())
                    .isEqualTo(1.0);
            clock.advance(Duration.ofSeconds(7));
        };

        runner(generator).run(FakeDelivery.of(job));

        assertThat(meters.get("mediaqueue.job.queue.wait").tag("media_type", "image").timer().totalTime(SECONDS))
                .isEqualTo(40);
        assertThat(meters.get("mediaqueue.job.run").tags("media_type", "image", "outcome", "completed").timer()
                .totalTime(SECONDS)).isEqualTo(7);
        assertThat(meters.get("mediaqueue.worker.busy").tag("media_type", "image").gauge().value()).isZero();
        assertThat(meters.get("mediaqueue.worker.job.progress.ratio").tag("media_type", "image").gauge().value()).isZero();
    }

    @Test
    void generatorFailureIsCountedByKindAndAsAFailedJob() {
        generator.failWith = GenerationException.permanent("the prompt is empty");

        runner(generator).run(FakeDelivery.of(Jobs.job(MediaType.IMAGE, Map.of())));

        assertThat(meters.get("mediaqueue.generator.failures").tags("media_type", "image", "kind", "permanent")
                .counter().count()).isEqualTo(1);
        assertThat(meters.get("mediaqueue.jobs.finished").tags("media_type", "image", "outcome", "failed")
                .counter().count()).isEqualTo(1);
        assertThat(meters.get("mediaqueue.job.run").tags("media_type", "image", "outcome", "failed").timer().count())
                .isEqualTo(1);
    }

    @Test
    void jobThatNeverStartedCountsAsFinishedWithoutARunTime() {
        JobMessage job = Jobs.withStartBy(Jobs.job(MediaType.IMAGE, Map.of()), NOW.minusSeconds(1));

        runner(generator).run(FakeDelivery.of(job));

        assertThat(meters.get("mediaqueue.jobs.finished").tags("media_type", "image", "outcome", "failed")
                .counter().count()).isEqualTo(1);
        assertThat(meters.get("mediaqueue.job.run").timers()).allSatisfy(t -> assertThat(t.count()).isZero());
        assertThat(meters.get("mediaqueue.job.queue.wait").timer().count()).isZero();
        assertThat(meters.get("mediaqueue.generator.failures").counters()).allSatisfy(c -> assertThat(c.count()).isZero());
    }

    @Test
    void redeliveryPublishedAgainCountsAsARetry() {
        runner(generator).run(FakeDelivery.redelivered(Jobs.job(MediaType.IMAGE, Map.of()), 1));

        assertThat(meters.get("mediaqueue.jobs.retried").tag("media_type", "image").counter().count()).isEqualTo(1);
        assertThat(meters.get("mediaqueue.jobs.finished").counters()).allSatisfy(c -> assertThat(c.count()).isZero());
    }

    @Test
    void jobGivenUpAfterTooManyAttemptsIsFailedAndDeadLettered() {
        runner(generator).run(FakeDelivery.redelivered(Jobs.job(MediaType.IMAGE, Map.of()), 3));

        assertThat(meters.get("mediaqueue.jobs.dead.lettered").tags("media_type", "image", "reason", "max_attempts")
                .counter().count()).isEqualTo(1);
        assertThat(meters.get("mediaqueue.jobs.finished").tags("media_type", "image", "outcome", "failed")
                .counter().count()).isEqualTo(1);
    }

    /** What a test does from inside a running generator. */
    @FunctionalInterface
    interface During {
        void run(JobMessage job, CancellationSignal signal);
    }

    /**
     * Writes "hello" to a .txt output after one progress report, then does what the test set: runs
     * {@code during}, waits for its signal (as a backend does until interrupted), fails as configured.
     */
    static final class FakeGenerator implements MediaGenerator {
        volatile boolean runs;
        GenerationException failWith;
        RuntimeException crash;
        Path reportedFile;
        Runnable onRun = () -> { };
        During during;
        boolean waitForSignal;
        volatile CancellationSignal.Reason signalled;

        @Override
        public boolean supports(JobMessage job) {
            return job.mediaType() == MediaType.IMAGE;
        }

        @Override
        public GeneratedMedia generate(JobMessage job, ProgressReporter progress, CancellationSignal cancel,
                                       OutputFiles out) throws GenerationException {
            runs = true;
            Path file = out.path("txt");
            try {
                Files.writeString(file, "hello");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            progress.report(100, "Written");
            onRun.run();
            if (during != null) {
                during.run(job, cancel);
            }
            if (waitForSignal) {
                try {
                    cancel.awaitCancellation(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                signalled = cancel.reason().orElse(null);
                cancel.throwIfCancelled();
            }
            if (failWith != null) {
                throw failWith;
            }
            if (crash != null) {
                throw crash;
            }
            return new GeneratedMedia(reportedFile != null ? reportedFile : file, "text/plain", Map.of());
        }
    }
}
