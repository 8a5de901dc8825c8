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
    private final FakeGenerator generator = new FakeGenerator();

    private JobRunner runner(MediaGenerator... generators) {
        return new JobRunner(List.of(generators), new StatusEvents(publisher, clock, worker), cancellations,
                new ResultStore(new ResultsProperties(results)), worker, clock, new JobMetrics(meters, worker));
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
    }

    @Test
    void backendFailureIsTransient() {
        generator.failWith = GenerationException.transientFailure("ComfyUI is unreachable", new IOException("refused"));

        runner(generator).run(FakeDelivery.of(Jobs.job(MediaType.IMAGE, Map.of())));

        assertThat(publisher.last().errorType()).isEqualTo(ErrorType.TRANSIENT);
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
        generator.cancelItself = cancellations;
        FakeDelivery delivery = FakeDelivery.of(Jobs.job(MediaType.IMAGE, Map.of()));

        runner(generator).run(delivery);

        assertThat(publisher.last().state()).isEqualTo(JobState.CANCELLED);
        assertThat(delivery.settlements()).containsExactly(Settlement.ACKED);
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

    /** Writes "hello" to a .txt output after one progress report, or fails as configured. */
    static final class FakeGenerator implements MediaGenerator {
        boolean runs;
        GenerationException failWith;
        RuntimeException crash;
        CancellationTokens cancelItself;
        Runnable onRun = () -> { };

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
            if (cancelItself != null) {
                cancelItself.cancel(job.jobId());
                cancel.throwIfCancelled();
            }
            if (failWith != null) {
                throw failWith;
            }
            if (crash != null) {
                throw crash;
            }
            return new GeneratedMedia(file, "text/plain", Map.of());
        }
    }
}
