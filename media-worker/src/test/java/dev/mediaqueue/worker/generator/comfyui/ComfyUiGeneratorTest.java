package dev.mediaqueue.worker.generator.comfyui;

import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.worker.cancel.CancellationTokens;
import dev.mediaqueue.worker.generator.CancellationSignal;
import dev.mediaqueue.worker.generator.GeneratedMedia;
import dev.mediaqueue.worker.generator.GenerationException;
import dev.mediaqueue.worker.generator.OutputFiles;
import dev.mediaqueue.worker.generator.ResultStore;
import dev.mediaqueue.worker.generator.ResultsProperties;
import dev.mediaqueue.worker.progress.AttemptEvents;
import dev.mediaqueue.worker.progress.StatusEvents;
import dev.mediaqueue.worker.system.WorkerProperties;
import dev.mediaqueue.worker.testing.FakeComfyUi;
import dev.mediaqueue.worker.testing.RecordingStatusPublisher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import javax.imageio.ImageIO;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.mediaqueue.worker.generator.comfyui.WorkflowCatalogTest.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The generator against a fake ComfyUI server ({@link FakeComfyUi}) that speaks ComfyUI's protocol. */
@SuppressWarnings("unchecked")
class ComfyUiGeneratorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final WorkflowCatalog WORKFLOWS = WorkflowCatalog.load(WorkflowCatalogTest.EXAMPLES,
            new WorkflowReader(MAPPER, new MockEnvironment()::resolveRequiredPlaceholders), Map.of());

    @TempDir
    Path results;

    private final FakeComfyUi fake = FakeComfyUi.start();
    private final RecordingStatusPublisher publisher = new RecordingStatusPublisher();
    private final CancellationTokens cancellations = new CancellationTokens();
    private final WorkerProperties worker = new WorkerProperties(List.of(MediaType.IMAGE), "worker-1", 3,
            Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(30));

    @AfterEach
    void stopFake() {
        fake.close();
    }

    static ComfyUiProperties properties(URI url, Duration unreachableTimeout) {
        return new ComfyUiProperties(url, WorkflowCatalogTest.EXAMPLES, Map.of(), Duration.ofSeconds(10),
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofMillis(100), Duration.ofMillis(400), unreachableTimeout, Duration.ofSeconds(3),
                DataSize.ofMegabytes(2));
    }

    private Duration unreachableTimeout = Duration.ofSeconds(20);

    private ComfyUiGenerator generator() {
        ComfyUiProperties properties = properties(fake.url(), unreachableTimeout);
        ComfyUiClient client = new ComfyUiClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                properties, MAPPER);
        return new ComfyUiGenerator(WORKFLOWS, client, properties, MAPPER, () -> 42);
    }

    /** One job run by the generator on its own thread, as the worker's consumer thread runs it. */
    private final class Running {
        final JobMessage job;
        final AttemptEvents events;
        final CancellationSignal cancel;
        final OutputFiles out;
        final CompletableFuture<GeneratedMedia> result = new CompletableFuture<>();
        final Thread thread;

        Running(JobMessage job) {
            this.job = job;
            this.events = new StatusEvents(publisher, Clock.systemUTC(), worker).forAttempt(job, 1);
            this.cancel = cancellations.register(job.jobId());
            this.out = new ResultStore(new ResultsProperties(results)).open(job.jobId());
            events.running("Running on worker-1");
            this.thread = new Thread(() -> {
                try {
                    result.complete(generator().generate(job, events, cancel, out));
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            }, "generator");
            thread.start();
        }

        GeneratedMedia media() throws Exception {
            return result.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }

        Throwable failure() throws InterruptedException {
            try {
                result.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                throw new AssertionError("the job did not fail");
            } catch (CancellationException e) {
                // a future that failed with a CancellationException throws it as it is
                return e;
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("the job did not end within " + TIMEOUT);
            }
        }
    }

    @Test
    void jobRunsAsAComfyUiPromptWithRisingProgressAPreviewAndARealOutputFile() throws Exception {
        fake.script(FakeComfyUi.Run.success().withSteps(8, Duration.ofMillis(40)));
        JobMessage job = job(MediaType.IMAGE, "sd35-large", Map.of("steps", 8));

        Running run = new Running(job);
        GeneratedMedia media = run.media();

        assertThat(media.file()).isEqualTo(results.resolve(job.jobId() + ".png").toAbsolutePath());
        assertThat(ImageIO.read(media.file().toFile()).getWidth()).isEqualTo(64);
        assertThat(media.contentType()).isEqualTo("image/png");
        assertThat(media.metadata()).containsEntry("generator", "comfyui").containsEntry("config_id", "sd35-large")
                .containsEntry("seed", 42L).containsEntry("model", "sd3.5_large.safetensors")
                .containsEntry("params", Map.of("steps", 8)).containsKeys("prompt_id", "run_ms", "total_ms");
        assertThat((List<Object>) media.metadata().get("outputs")).containsExactly(Map.of("url", "/exports/" + job.jobId() + ".png",
                "content_type", "image/png", "size_bytes", Files.size(media.file())));

        ObjectNode submitted = fake.submittedPrompts().get(0);
        assertThat(submitted.path("6").path("inputs").path("text").asString()).isEqualTo(job.userInput());
        assertThat(submitted.path("3").path("inputs").path("seed").asLong()).isEqualTo(42);
        assertThat(submitted.path("3").path("inputs").path("steps").asInt()).isEqualTo(8);

        List<StatusEvent> events = publisher.events();
        assertThat(events).extracting(StatusEvent::progress).isSorted();
        assertThat(events).extracting(StatusEvent::message)
                .contains("Queued in ComfyUI", "Sampling step 4/8", "Sampling step 8/8", "Decoding image", "Fetching the image");
        assertThat(events).extracting(StatusEvent::previewUrl).filteredOn(Objects::nonNull)
                .isNotEmpty().allSatisfy(url -> assertThat(url).startsWith("/exports/" + job.jobId() + "-preview.jpg?v="));
        assertThat(results.resolve(job.jobId() + "-preview.jpg")).as("the preview lives only while the job runs").doesNotExist();
    }

    @Test
    void severalOutputsAreAllStoredAndTheFirstIsTheResult() throws Exception {
        JobMessage job = job(MediaType.IMAGE, "sd35-large", Map.of("batch_size", 3));

        GeneratedMedia media = new Running(job).media();

        assertThat(media.file().getFileName().toString()).isEqualTo(job.jobId() + ".png");
        assertThat((List<Object>) media.metadata().get("outputs")).extracting(o -> (Object) ((Map<?, ?>) o).get("url")).containsExactly(
                "/exports/" + job.jobId() + ".png", "/exports/" + job.jobId() + "-2.png", "/exports/" + job.jobId() + "-3.png");
        try (Stream<Path> files = Files.list(results)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(job.jobId() + ".png", job.jobId() + "-2.png", job.jobId() + "-3.png");
        }
    }

    @Test
    void nodeErrorsOnSubmitFailPermanentlyNamingNodeClassAndReason() throws Exception {
        fake.installedModels("sd3.5_medium.safetensors");

        Throwable failure = new Running(job(MediaType.IMAGE, "sd35-large", Map.of())).failure();

        assertThat(failure).isInstanceOfSatisfying(GenerationException.class, e -> {
            assertThat(e.kind()).isEqualTo(GenerationException.Kind.PERMANENT);
            assertThat(e.getMessage()).isEqualTo("ComfyUI rejected the workflow: Prompt outputs failed validation: "
                    + "node 4 (CheckpointLoaderSimple): Value not in list "
                    + "(ckpt_name: 'sd3.5_large.safetensors' not in [sd3.5_medium.safetensors])");
        });
        assertThat(fake.runningPrompt()).isEmpty();
    }

    @Test
    void executionErrorFailsPermanentlyNamingNodeClassAndException() throws Exception {
        fake.script(FakeComfyUi.Run.success().failingIn("VAEDecode", "RuntimeError", "expected input to have 16 channels"));

        Throwable failure = new Running(job(MediaType.IMAGE, "sd35-large", Map.of())).failure();

        assertThat(failure).isInstanceOfSatisfying(GenerationException.class, e -> {
            assertThat(e.kind()).isEqualTo(GenerationException.Kind.PERMANENT);
            assertThat(e.getMessage()).isEqualTo("ComfyUI failed in node 8 (VAEDecode): RuntimeError: expected input to have 16 channels");
        });
    }

    @Test
    void outOfGpuMemoryFailsTransiently() throws Exception {
        fake.script(FakeComfyUi.Run.success().failingIn("KSampler", "torch.OutOfMemoryError", "Allocation on device"));

        Throwable failure = new Running(job(MediaType.IMAGE, "sd35-large", Map.of())).failure();

        assertThat(failure).isInstanceOfSatisfying(GenerationException.class,
                e -> assertThat(e.kind()).isEqualTo(GenerationException.Kind.TRANSIENT))
                .hasMessageStartingWith("ComfyUI ran out of GPU memory in node 3 (KSampler)");
    }

    @Test
    void cancelWhilePendingRemovesThePromptFromTheQueueAndInterruptsNothing() throws Exception {
        fake.interruptIgnoresPromptId().script(FakeComfyUi.Run.success().withSteps(400, Duration.ofMillis(25)));
        String other = fake.submitAsOtherClient(FakeComfyUi.otherClientsPrompt());
        await().atMost(TIMEOUT).until(() -> fake.runningPrompt().equals(java.util.Optional.of(other)));
        JobMessage job = job(MediaType.IMAGE, "sd35-large", Map.of());
        Running run = new Running(job);
        String ours = await().atMost(TIMEOUT).until(() -> fake.pendingPrompts().stream().findFirst(),
                java.util.Optional::isPresent).get();
        await().atMost(TIMEOUT).until(() -> publisher.events().stream().anyMatch(e -> e.message().contains("1 ahead")));

        cancellations.cancel(job.jobId());

        assertThat(run.failure()).isInstanceOf(CancellationException.class);
        assertThat(fake.deleteRequests()).containsExactly(ours);
        assertThat(fake.pendingPrompts()).isEmpty();
        assertThat(fake.interruptRequests()).as("an old server would interrupt whatever runs").isEmpty();
        assertThat(fake.runningPrompt()).contains(other);
    }

    @Test
    void cancelWhileRunningInterruptsThatPromptOnly() throws Exception {
        fake.script(FakeComfyUi.Run.success().withSteps(400, Duration.ofMillis(25)));
        JobMessage job = job(MediaType.IMAGE, "sd35-large", Map.of());
        Running run = new Running(job);
        String ours = await().atMost(TIMEOUT).until(fake::runningPrompt, java.util.Optional::isPresent).get();
        await().atMost(TIMEOUT).until(() -> publisher.events().stream().anyMatch(e -> e.message().startsWith("Sampling step")));
        String next = fake.submitAsOtherClient(FakeComfyUi.otherClientsPrompt());

        cancellations.cancel(job.jobId());

        assertThat(run.failure()).isInstanceOf(CancellationException.class);
        assertThat(fake.interruptRequests()).containsOnly(ours);
        assertThat(fake.interruptedPrompts()).containsExactly(ours);
        await().atMost(TIMEOUT).until(() -> fake.isFinished(next));
        assertThat(fake.interruptedPrompts()).doesNotContain(next);
        assertThat(results).isEmptyDirectory();
    }

    @Test
    void droppedWebsocketIsReconnectedAndTheRunFollowedToItsEnd() throws Exception {
        fake.script(FakeComfyUi.Run.success().withSteps(12, Duration.ofMillis(60)).droppingSocketsAfterStep(3));
        JobMessage job = job(MediaType.IMAGE, "sd35-large", Map.of());

        GeneratedMedia media = new Running(job).media();

        assertThat(media.file()).exists();
        assertThat(publisher.events()).extracting(StatusEvent::message).contains("Sampling step 12/12");
    }

    @Test
    void runIsFollowedThroughHistoryWhenTheWebsocketCannotComeBack() throws Exception {
        fake.script(FakeComfyUi.Run.success().withSteps(20, Duration.ofMillis(50)));
        JobMessage job = job(MediaType.IMAGE, "sd35-large", Map.of());
        Running run = new Running(job);
        await().atMost(TIMEOUT).until(() -> publisher.events().stream().anyMatch(e -> e.message().startsWith("Sampling step")));

        fake.refuseSockets().dropSockets();

        GeneratedMedia media = run.media();
        assertThat(ImageIO.read(media.file().toFile())).isNotNull();
        assertThat(publisher.events()).extracting(StatusEvent::message).doesNotContain("Sampling step 20/20");
    }

    @Test
    void comfyUiRestartedMidRunFailsTheJobTransiently() throws Exception {
        fake.script(FakeComfyUi.Run.success().withSteps(400, Duration.ofMillis(25)));
        Running run = new Running(job(MediaType.IMAGE, "sd35-large", Map.of()));
        String ours = await().atMost(TIMEOUT).until(fake::runningPrompt, java.util.Optional::isPresent).get();

        fake.restart();

        assertThat(run.failure()).isInstanceOfSatisfying(GenerationException.class,
                e -> assertThat(e.kind()).isEqualTo(GenerationException.Kind.TRANSIENT))
                .hasMessage("ComfyUI lost the run (prompt " + ours + " is neither queued nor in its history): "
                        + "the server was probably restarted");
    }

    @Test
    void comfyUiGoneForGoodMidRunFailsTheJobTransientlyAfterTheUnreachableTimeout() throws Exception {
        unreachableTimeout = Duration.ofSeconds(2);
        fake.script(FakeComfyUi.Run.success().withSteps(400, Duration.ofMillis(25)));
        Running run = new Running(job(MediaType.IMAGE, "sd35-large", Map.of()));
        await().atMost(TIMEOUT).until(fake::runningPrompt, java.util.Optional::isPresent);

        fake.stop();

        assertThat(run.failure()).isInstanceOfSatisfying(GenerationException.class,
                e -> assertThat(e.kind()).isEqualTo(GenerationException.Kind.TRANSIENT))
                .hasMessageStartingWith("ComfyUI at " + fake.url() + " has been unreachable for ");
    }

    @Test
    void unreachableComfyUiFailsTransiently() throws Exception {
        fake.stop();

        Throwable failure = new Running(job(MediaType.IMAGE, "sd35-large", Map.of())).failure();

        assertThat(failure).isInstanceOfSatisfying(GenerationException.class,
                e -> assertThat(e.kind()).isEqualTo(GenerationException.Kind.TRANSIENT))
                .hasMessageStartingWith("ComfyUI at " + fake.url() + " is unreachable");
    }

    @Test
    void unknownConfigIdFailsPermanentlyBeforeAnythingIsQueued() throws Exception {
        Throwable failure = new Running(job(MediaType.IMAGE, "flux-dev", Map.of())).failure();

        assertThat(failure).isInstanceOf(GenerationException.class).hasMessageStartingWith("unknown config_id flux-dev");
        assertThat(fake.submittedPrompts()).isEmpty();
    }

    @Test
    void stoppingWorkerTakesItsPromptOffComfyUi() throws Exception {
        fake.script(FakeComfyUi.Run.success().withSteps(400, Duration.ofMillis(25)));
        Running run = new Running(job(MediaType.IMAGE, "sd35-large", Map.of()));
        String ours = await().atMost(TIMEOUT).until(fake::runningPrompt, java.util.Optional::isPresent).get();

        run.thread.interrupt();

        assertThat(run.failure()).isInstanceOf(GenerationException.class).hasMessage("interrupted: the worker is stopping");
        assertThat(fake.interruptRequests()).containsExactly(ours);
        await().atMost(TIMEOUT).until(() -> fake.interruptedPrompts().contains(ours));
    }

    @Test
    void generatorTakesEveryJobSoUnknownConfigsFailClearly() {
        assertThat(generator().supports(job(MediaType.AUDIO, "anything", Map.of()))).isTrue();
    }
}
