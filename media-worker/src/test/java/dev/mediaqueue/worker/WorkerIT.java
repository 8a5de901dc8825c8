package dev.mediaqueue.worker;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.mediaqueue.model.ErrorType;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.model.Topology;
import dev.mediaqueue.testing.RabbitBroker;
import dev.mediaqueue.worker.testing.Jobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The worker against a real broker: jobs of every type, poison messages, lost workers. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mediaqueue.worker.id=it-worker",
        "mediaqueue.worker.demo.duration=1s",
        "mediaqueue.worker.progress-interval=100ms"})
@DirtiesContext
class WorkerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final WorkerTestBed bed = new WorkerTestBed();
    static final RabbitBroker broker = bed.broker();
    static final Path results = bed.results();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void brokerAndResults(DynamicPropertyRegistry registry) {
        bed.register(registry);
    }

    @ParameterizedTest
    @EnumSource(MediaType.class)
    void jobRunsWithRisingProgressToCompletionAndLeavesAValidFile(MediaType type) throws Exception {
        JobMessage job = Jobs.job(type, Map.of());

        bed.client().publishJob(job);

        StatusEvent completed = awaitTerminal(job);
        assertThat(completed.state()).isEqualTo(JobState.COMPLETED);
        List<StatusEvent> events = bed.client().eventsOf(job.jobId());
        assertThat(events).extracting(StatusEvent::seq)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, events.size()).boxed().toList());
        assertThat(events.get(0).state()).isEqualTo(JobState.RUNNING);
        assertThat(events.get(0).progress()).isZero();
        List<StatusEvent> progress = events.subList(1, events.size() - 1);
        assertThat(progress).isNotEmpty().allSatisfy(e -> assertThat(e.state()).isEqualTo(JobState.RUNNING));
        assertThat(events).extracting(StatusEvent::progress).isSorted();
        assertThat(events).allSatisfy(e -> {
            assertThat(e.attempt()).isEqualTo(1);
            assertThat(e.workerId()).isEqualTo("it-worker");
        });
        assertThat(completed.progress()).isEqualTo(100);
        assertThat(completed.completedAt()).isNotNull();

        String file = completed.result().outputUrl().substring("/exports/".length());
        assertThat(file).startsWith(job.jobId().toString());
        Path output = results.resolve(file);
        assertThat(Files.size(output)).isEqualTo(completed.result().sizeBytes());
        assertIsValid(type, output.toFile());
    }

    @Test
    void malformedMessagesAreDeadLetteredAndTheWorkerKeepsWorking() {
        String unparsable = "{\"nope\":";
        String withoutJobId = "{\"media_type\":\"image\",\"user_input\":\"a cat\",\"created_at\":\"2026-01-01T00:00:00Z\"}";

        bed.client().publishRaw("image", unparsable);
        bed.client().publishRaw("image", withoutJobId);

        await().atMost(TIMEOUT).until(() -> bed.client().deadLetterBodies().containsAll(List.of(unparsable, withoutJobId)));
        JobMessage valid = Jobs.job(MediaType.IMAGE, Map.of("duration_ms", 0));
        bed.client().publishJob(valid);
        assertThat(awaitTerminal(valid).state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void jobOfALostWorkerRunsAgainAsTheNextAttempt() throws Exception {
        JobMessage job = Jobs.job(MediaType.IMAGE, Map.of("duration_ms", 0));

        loseWhileRunning(job, Map.of());

        assertThat(awaitTerminal(job).state()).isEqualTo(JobState.COMPLETED);
        List<StatusEvent> events = bed.client().eventsOf(job.jobId());
        assertThat(events.get(0)).satisfies(queued -> {
            assertThat(queued.state()).isEqualTo(JobState.QUEUED);
            assertThat(queued.attempt()).isEqualTo(2);
            assertThat(queued.seq()).isZero();
            assertThat(queued.message()).isEqualTo("Requeued after a worker was lost");
        });
        assertThat(events.get(1)).satisfies(running -> {
            assertThat(running.state()).isEqualTo(JobState.RUNNING);
            assertThat(running.attempt()).isEqualTo(2);
            assertThat(running.seq()).isEqualTo(1);
        });
        assertThat(events).extracting(StatusEvent::attempt).containsOnly(2);
    }

    @Test
    void jobLostMoreOftenThanAllowedFailsAndIsDeadLettered() throws Exception {
        JobMessage job = Jobs.job(MediaType.IMAGE, Map.of("duration_ms", 0));

        loseWhileRunning(job, Map.of(Topology.ATTEMPT_HEADER, 3));

        StatusEvent failed = awaitTerminal(job);
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.errorType()).isEqualTo(ErrorType.MAX_ATTEMPTS);
        assertThat(failed.error()).isEqualTo("gave up after 3 attempts: the worker running it was lost each time");
        assertThat(failed.attempt()).isEqualTo(4);
        await().atMost(TIMEOUT).until(() -> bed.client().deadLetters().stream()
                .map(GetResponse::getProps).anyMatch(p -> job.jobId().toString().equals(p.getMessageId())));
    }

    @Test
    void actuatorServesHealthProbesAndPrometheusMetrics() throws Exception {
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> readiness = http.send(get("/actuator/health/readiness"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> prometheus = http.send(get("/actuator/prometheus"), HttpResponse.BodyHandlers.ofString());

        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("UP");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("mediaqueue_worker_busy{", "mediaqueue_jobs_finished_total{");
    }

    /**
     * Lets a consumer of higher priority than the worker take the job and disappear without
     * acknowledging it, as a worker that dies mid-job does; the broker then redelivers it to the worker.
     */
    private void loseWhileRunning(JobMessage job, Map<String, Object> headers) throws Exception {
        AtomicBoolean taken = new AtomicBoolean();
        try (Channel lost = bed.client().connection().createChannel()) {
            lost.basicQos(1);
            lost.basicConsume(Topology.jobQueue(job.mediaType()), false, Map.of("x-priority", 10),
                    (tag, delivery) -> taken.set(true), tag -> { });
            bed.client().publishJob(job, headers);
            await().atMost(TIMEOUT).untilTrue(taken);
        }
    }

    private static StatusEvent awaitTerminal(JobMessage job) {
        return await().atMost(TIMEOUT).until(() -> bed.client().terminalOf(job.jobId()), java.util.Optional::isPresent).get();
    }

    private static void assertIsValid(MediaType type, File file) throws Exception {
        switch (type) {
            case IMAGE -> assertThat(ImageIO.read(file).getWidth()).isPositive();
            case AUDIO -> {
                try (AudioInputStream audio = AudioSystem.getAudioInputStream(file)) {
                    assertThat(audio.getFrameLength()).isPositive();
                }
            }
            case VIDEO -> {
                try (ImageInputStream stream = ImageIO.createImageInputStream(file)) {
                    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
                    reader.setInput(stream);
                    assertThat(reader.getNumImages(true)).isGreaterThan(1);
                    reader.dispose();
                }
            }
        }
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
    }

}
