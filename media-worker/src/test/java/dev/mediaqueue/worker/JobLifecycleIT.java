package dev.mediaqueue.worker;

import dev.mediaqueue.model.ErrorType;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.model.Topology;
import dev.mediaqueue.testing.BrokerConnections;
import dev.mediaqueue.testing.RabbitBroker;
import dev.mediaqueue.worker.generator.CancellationSignal;
import dev.mediaqueue.worker.generator.GeneratedMedia;
import dev.mediaqueue.worker.generator.GenerationException;
import dev.mediaqueue.worker.generator.MediaGenerator;
import dev.mediaqueue.worker.generator.OutputFiles;
import dev.mediaqueue.worker.generator.ProgressReporter;
import dev.mediaqueue.worker.testing.Jobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The job lifecycle of a worker on a real broker: cancel commands on {@code media.control}, transient
 * and permanent failures, run-time and queue-time limits, and a connection closed by the broker.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "mediaqueue.worker.id=lifecycle-worker",
        "mediaqueue.worker.demo.duration=1s",
        "mediaqueue.worker.progress-interval=100ms",
        "mediaqueue.worker.max-run-time.audio=2s",
        "mediaqueue.worker.max-queue-time.video=1m",
        "mediaqueue.worker.retry-backoff.initial=100ms",
        "mediaqueue.worker.retry-backoff.max=200ms"})
@DirtiesContext
class JobLifecycleIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CANCEL_WITHIN = Duration.ofSeconds(2);
    private static final Map<String, Object> LONG = Map.of("duration_ms", 120_000);

    @RegisterExtension
    static final WorkerTestBed bed = new WorkerTestBed();
    static final RabbitBroker broker = bed.broker();
    static final Path results = bed.results();

    @DynamicPropertySource
    static void brokerAndResults(DynamicPropertyRegistry registry) {
        bed.register(registry);
    }

    @Test
    void runningJobEndsCancelledWithinTwoSecondsOfTheCancelCommandEvenInTheMiddleOfALongStep() {
        JobMessage job = Jobs.job(MediaType.IMAGE, LONG);
        bed.client().publishJob(job);
        awaitEvent(job, 1, JobState.RUNNING);

        long sent = System.nanoTime();
        bed.client().publishCancel(job.jobId());

        StatusEvent cancelled = awaitTerminal(job);
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(Duration.ofNanos(bed.client().arrivalOf(cancelled) - sent)).isLessThan(CANCEL_WITHIN);
        assertThat(cancelled.attempt()).isEqualTo(1);
        assertThat(bed.client().eventsOf(job.jobId())).filteredOn(e -> e.state().isTerminal()).hasSize(1);
        assertThat(results).isDirectoryNotContaining(path -> path.getFileName().toString().startsWith(job.jobId().toString()));
    }

    @Test
    void jobCancelledBeforeItReachesTheWorkerIsAcknowledgedWithoutRunning() {
        // the worker runs one image job at a time: the cancelled job waits behind this one
        JobMessage ahead = Jobs.job(MediaType.IMAGE, Map.of());
        JobMessage job = Jobs.job(MediaType.IMAGE, Map.of());
        bed.client().publishJob(ahead);
        awaitEvent(ahead, 1, JobState.RUNNING);

        bed.client().publishCancel(job.jobId());
        bed.client().publishJob(job);

        StatusEvent cancelled = awaitTerminal(job);
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.message()).isEqualTo("Cancelled before it started");
        assertThat(bed.client().eventsOf(job.jobId())).extracting(StatusEvent::state).containsExactly(JobState.CANCELLED);
        assertThat(awaitTerminal(ahead).state()).isEqualTo(JobState.COMPLETED);
        await().atMost(TIMEOUT).until(() -> bed.client().consumersOf(Topology.jobQueue(MediaType.IMAGE)) == 1
                && messagesIn(Topology.jobQueue(MediaType.IMAGE)) == 0);
    }

    @Test
    void transientFailuresAreRetriedAsNewAttemptsUntilOneSucceeds() {
        JobMessage job = Jobs.job(MediaType.IMAGE, Map.of("fail_times", 2));

        bed.client().publishJob(withConfig(job, FlakyGenerator.CONFIG));

        StatusEvent completed = awaitTerminal(job);
        assertThat(completed.state()).isEqualTo(JobState.COMPLETED);
        assertThat(completed.attempt()).isEqualTo(3);
        List<StatusEvent> queued = bed.client().eventsOf(job.jobId()).stream().filter(e -> e.state() == JobState.QUEUED).toList();
        assertThat(queued).extracting(StatusEvent::attempt).containsExactly(2, 3);
        assertThat(queued).extracting(StatusEvent::message).containsOnly("Retrying after: the test backend is unreachable");
        assertThat(bed.client().eventsOf(job.jobId())).filteredOn(e -> e.state().isTerminal()).hasSize(1);
    }

    @Test
    void transientFailureOfEveryAttemptFailsTheJobAsTransient() {
        JobMessage job = Jobs.job(MediaType.IMAGE, Map.of("fail_times", 99));

        bed.client().publishJob(withConfig(job, FlakyGenerator.CONFIG));

        StatusEvent failed = awaitTerminal(job);
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.errorType()).isEqualTo(ErrorType.TRANSIENT);
        assertThat(failed.error()).isEqualTo("the test backend is unreachable (gave up after 3 attempts)");
        assertThat(failed.attempt()).isEqualTo(3);
    }

    @Test
    void permanentFailureFailsAtOnceWithTheGeneratorsMessage() {
        JobMessage job = Jobs.job(MediaType.IMAGE, Map.of("duration_ms", "soon"));

        bed.client().publishJob(job);

        StatusEvent failed = awaitTerminal(job);
        assertThat(failed.errorType()).isEqualTo(ErrorType.PERMANENT);
        assertThat(failed.error()).startsWith("duration_ms must be a whole number of milliseconds");
        assertThat(failed.attempt()).isEqualTo(1);
        assertThat(bed.client().eventsOf(job.jobId())).noneMatch(e -> e.state() == JobState.QUEUED);
    }

    @Test
    void jobRunningLongerThanItsMediaTypeAllowsFailsAsTimedOut() {
        JobMessage job = Jobs.job(MediaType.AUDIO, LONG);

        bed.client().publishJob(job);

        StatusEvent failed = awaitTerminal(job);
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.errorType()).isEqualTo(ErrorType.TIMED_OUT);
        assertThat(failed.error()).isEqualTo("timed out after 2s");
        assertThat(Duration.between(failed.startedAt(), failed.completedAt())).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(30));
    }

    @Test
    void jobsPastTheirQueueTimeOrStartByExpireWithoutRunning() {
        JobMessage stale = Jobs.createdAt(Jobs.job(MediaType.VIDEO, Map.of()), Instant.now().minus(Duration.ofMinutes(2)));
        JobMessage late = Jobs.withStartBy(Jobs.job(MediaType.IMAGE, Map.of()), Instant.now().minusSeconds(1));

        bed.client().publishJob(stale);
        bed.client().publishJob(late);

        assertThat(awaitTerminal(stale).error()).isEqualTo("expired: not started within 1m of being queued");
        assertThat(awaitTerminal(late).error()).startsWith("expired: not started before ");
        for (JobMessage job : List.of(stale, late)) {
            assertThat(bed.client().eventsOf(job.jobId())).extracting(StatusEvent::state).containsExactly(JobState.FAILED);
            assertThat(awaitTerminal(job).errorType()).isEqualTo(ErrorType.EXPIRED);
        }
    }

    @Test
    void jobRunningWhenTheBrokerClosesTheWorkersConnectionRunsAgainAsTheNextAttemptAndStillObeysACancel() {
        JobMessage job = Jobs.job(MediaType.IMAGE, LONG);
        bed.client().publishJob(job);
        awaitEvent(job, 1, JobState.RUNNING);

        int closed = BrokerConnections.closeAll(broker, Set.of(bed.client().localPort()));

        assertThat(closed).isPositive();
        awaitEvent(job, 2, JobState.RUNNING);
        // the worker's own control queue is declared again on its new connection
        await().atMost(TIMEOUT).until(() -> BrokerConnections.queuesWithConsumers(broker).stream()
                .anyMatch(name -> name.startsWith("mediaqueue.control.")));
        long sent = System.nanoTime();
        bed.client().publishCancel(job.jobId());
        StatusEvent cancelled = awaitTerminal(job);
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.attempt()).isEqualTo(2);
        assertThat(Duration.ofNanos(bed.client().arrivalOf(cancelled) - sent)).isLessThan(CANCEL_WITHIN);
        // the first attempt stopped when its delivery was lost: it recorded no end of its own
        assertThat(bed.client().eventsOf(job.jobId())).filteredOn(e -> e.state().isTerminal()).hasSize(1);
        assertThat(bed.client().eventsOf(job.jobId())).filteredOn(e -> e.attempt() == 1)
                .allSatisfy(e -> assertThat(e.state()).isEqualTo(JobState.RUNNING));
    }

    private static JobMessage withConfig(JobMessage job, String configId) {
        return new JobMessage(job.jobId(), job.mediaType(), configId, job.userInput(), job.language(), job.priority(),
                job.params(), job.tenant(), job.createdAt(), job.startBy(), job.batchId());
    }

    private static int messagesIn(String queue) {
        try (var channel = bed.client().connection().createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitEvent(JobMessage job, int attempt, JobState state) {
        await().atMost(TIMEOUT).until(() -> bed.client().eventsOf(job.jobId()).stream()
                .anyMatch(e -> e.attempt() == attempt && e.state() == state));
    }

    private static StatusEvent awaitTerminal(JobMessage job) {
        return await().atMost(TIMEOUT).until(() -> bed.client().terminalOf(job.jobId()), Optional::isPresent).get();
    }

    /** A backend that is unreachable for the first {@code fail_times} tries of each job. */
    @TestConfiguration
    static class FlakyGeneratorConfiguration {

        @Bean
        FlakyGenerator flakyGenerator() {
            return new FlakyGenerator();
        }
    }

    static final class FlakyGenerator implements MediaGenerator, Ordered {

        static final String CONFIG = "flaky";

        private final Map<UUID, AtomicInteger> tries = new ConcurrentHashMap<>();

        @Override
        public boolean supports(JobMessage job) {
            return CONFIG.equals(job.configId());
        }

        @Override
        public GeneratedMedia generate(JobMessage job, ProgressReporter progress, CancellationSignal cancel,
                                       OutputFiles out) throws GenerationException {
            int failTimes = Integer.parseInt(job.params().get("fail_times").toString());
            if (tries.computeIfAbsent(job.jobId(), id -> new AtomicInteger()).incrementAndGet() <= failTimes) {
                throw GenerationException.transientFailure("the test backend is unreachable", new IOException("refused"));
            }
            Path file = out.path("txt");
            try {
                Files.writeString(file, "made on try " + tries.get(job.jobId()));
            } catch (IOException e) {
                throw GenerationException.transientFailure("cannot write", e);
            }
            return new GeneratedMedia(file, "text/plain", Map.of());
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }
}
