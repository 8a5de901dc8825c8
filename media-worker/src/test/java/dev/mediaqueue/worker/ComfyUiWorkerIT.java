package dev.mediaqueue.worker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.mediaqueue.model.ErrorType;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.model.Topology;
import dev.mediaqueue.testing.RabbitBroker;
import dev.mediaqueue.worker.testing.FakeComfyUi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker with {@code mediaqueue.worker.generator=comfyui} against a real broker and a fake ComfyUI
 * ({@link FakeComfyUi}, not a real one): it takes no jobs and is not ready while ComfyUI is down, and runs
 * them with progress, previews and real output files once it is back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mediaqueue.worker.id=comfyui-it-worker",
        "mediaqueue.worker.media-types=image",
        "mediaqueue.worker.generator=comfyui",
        "mediaqueue.worker.progress-interval=50ms",
        "mediaqueue.comfyui.health-interval=200ms",
        "mediaqueue.comfyui.poll-interval=100ms",
        "mediaqueue.comfyui.max-poll-interval=500ms",
        "mediaqueue.comfyui.default-configs.image=sd35-large",
        "management.endpoint.health.show-components=always"})
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComfyUiWorkerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final WorkerTestBed bed = new WorkerTestBed();
    static final RabbitBroker broker = bed.broker();
    static final Path results = bed.results();
    static final FakeComfyUi comfyUi = FakeComfyUi.notStarted();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void brokerResultsAndComfyUi(DynamicPropertyRegistry registry) {
        bed.register(registry);
        registry.add("mediaqueue.comfyui.url", () -> comfyUi.url().toString());
        // the example workflows of the repository (Spring reads a path with ".." as a resource, so: absolute)
        registry.add("mediaqueue.comfyui.workflows-dir", () -> Path.of("..", "workflows").toAbsolutePath().normalize().toString());
    }

    @AfterAll
    static void close() {
        comfyUi.close();
    }

    @Test
    @Order(1)
    void comfyUiDownAtStartKeepsJobsWaitingInTheQueueUntilItIsBack() throws Exception {
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(503);
        assertThat(get("/actuator/health").body()).contains("\"comfyui\":{\"status\":\"DOWN\"");
        JobMessage job = job("sd35-large", Map.of());

        bed.client().publishJob(job);

        await().during(Duration.ofSeconds(2)).atMost(TIMEOUT).until(() -> waitingUntaken() == 1);
        assertThat(bed.client().eventsOf(job.jobId())).isEmpty();

        comfyUi.script(FakeComfyUi.Run.success().withSteps(10, Duration.ofMillis(100)));
        comfyUi.restart();

        await().atMost(TIMEOUT).until(() -> get("/actuator/health/readiness").statusCode() == 200);
        StatusEvent completed = awaitTerminal(job);
        assertThat(completed.state()).isEqualTo(JobState.COMPLETED);
        assertThat(completed.result().contentType()).isEqualTo("image/png");
        assertThat(completed.result().metadata()).containsEntry("generator", "comfyui").containsEntry("seed",
                completed.result().metadata().get("seed"));
        Path output = results.resolve(completed.result().outputUrl().substring("/exports/".length()));
        assertThat(ImageIO.read(output.toFile()).getWidth()).isEqualTo(64);

        List<StatusEvent> events = bed.client().eventsOf(job.jobId());
        assertThat(events).extracting(StatusEvent::progress).isSorted();
        assertThat(events).extracting(StatusEvent::message).anyMatch(m -> m.startsWith("Sampling step"));
        assertThat(events).filteredOn(e -> e.state() == JobState.RUNNING).extracting(StatusEvent::previewUrl)
                .filteredOn(Objects::nonNull).isNotEmpty()
                .allMatch(url -> url.startsWith("/exports/" + job.jobId() + "-preview.jpg?v="));
        assertThat(completed.previewUrl()).isNull();
        assertThat(results.resolve(job.jobId() + "-preview.jpg")).doesNotExist();
    }

    @Test
    @Order(2)
    void comfyUiGoingAwayPausesTheWorkerAndItsReturnResumesIt() throws Exception {
        await().atMost(TIMEOUT).until(() -> get("/actuator/health/readiness").statusCode() == 200);

        comfyUi.stop();

        await().atMost(TIMEOUT).until(() -> get("/actuator/health/readiness").statusCode() == 503);
        await().atMost(TIMEOUT).until(() -> consumers() == 0);
        JobMessage job = job("sd35-large", Map.of());
        bed.client().publishJob(job);
        await().during(Duration.ofSeconds(2)).atMost(TIMEOUT).until(() -> waitingUntaken() == 1);

        comfyUi.restart();

        assertThat(awaitTerminal(job).state()).isEqualTo(JobState.COMPLETED);
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void unknownConfigIdFailsAtOnceWithAPermanentErrorInsteadOfADemoPicture() {
        JobMessage job = job("flux-dev", Map.of());

        bed.client().publishJob(job);

        StatusEvent failed = awaitTerminal(job);
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.errorType()).isEqualTo(ErrorType.PERMANENT);
        assertThat(failed.error()).isEqualTo("unknown config_id flux-dev: no such ComfyUI workflow; "
                + "known: [ltx-video, sd35-large, stable-audio-open]");
    }

    @Test
    @Order(4)
    void workflowRejectedByComfyUiFailsPermanentlyWithTheNodesReason() {
        comfyUi.installedModels("sd3.5_medium.safetensors");
        JobMessage job = job("sd35-large", Map.of());

        bed.client().publishJob(job);

        StatusEvent failed = awaitTerminal(job);
        assertThat(failed.errorType()).isEqualTo(ErrorType.PERMANENT);
        assertThat(failed.error()).contains("node 4 (CheckpointLoaderSimple): Value not in list");
    }

    @Test
    @Order(5)
    void jobWithoutConfigIdRunsTheDefaultWorkflowOfItsMediaType() {
        comfyUi.installedModels();
        JobMessage job = job(null, Map.of("steps", 4));

        bed.client().publishJob(job);

        StatusEvent completed = awaitTerminal(job);
        assertThat(completed.state()).isEqualTo(JobState.COMPLETED);
        assertThat(completed.result().metadata()).containsEntry("config_id", "sd35-large");
    }

    private static JobMessage job(String configId, Map<String, Object> params) {
        return new JobMessage(UUID.randomUUID(), MediaType.IMAGE, configId, "a lighthouse on a cliff at dusk", "en",
                Priority.NORMAL, params, "tenant-a", Instant.now(), null, null);
    }

    /** Jobs ready in the image queue, if nobody consumes it; -1 while a consumer is attached. */
    private static int waitingUntaken() throws Exception {
        AMQP.Queue.DeclareOk queue = declarePassive();
        return queue.getConsumerCount() == 0 ? queue.getMessageCount() : -1;
    }

    private static int consumers() throws Exception {
        return declarePassive().getConsumerCount();
    }

    private static AMQP.Queue.DeclareOk declarePassive() throws Exception {
        try (Channel channel = bed.client().connection().createChannel()) {
            return channel.queueDeclarePassive(Topology.jobQueue(MediaType.IMAGE));
        }
    }

    private static StatusEvent awaitTerminal(JobMessage job) {
        return await().atMost(TIMEOUT).until(() -> bed.client().terminalOf(job.jobId()), Optional::isPresent).get();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

}
