package dev.mediaqueue.system;

import dev.mediaqueue.testing.RabbitBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole job path with the gateway and a worker as separate processes on a real broker:
 * start → priority queue → worker with progress → status stream → gateway cache → poll → download.
 */
class JobPathIT {

    @TempDir
    static Path results;

    private static RabbitBroker broker;
    private static AppProcess gateway;
    private static AppProcess worker;
    private static GatewayClient client;

    @BeforeAll
    static void startSystem() {
        broker = RabbitBroker.create();
        gateway = AppProcess.gateway("gateway", args()).awaitReady(Duration.ofSeconds(180));
        worker = AppProcess.worker("worker", withArgs(args(), "--mediaqueue.worker.demo.duration=1500ms"))
                .awaitReady(Duration.ofSeconds(180));
        client = new GatewayClient(gateway.baseUrl());
    }

    @AfterAll
    static void stopSystem() {
        Stream.of(worker, gateway).filter(p -> p != null).forEach(AppProcess::close);
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void anImageJobRunsToCompletionWithProgressThatNeverGoesBackwardsAndAValidPng() throws Exception {
        List<JsonNode> seen = runToCompletion("image", "a red house by the sea");
        assertProgressNeverGoesBackwards(seen);
        assertThat(seen).extracting(s -> s.get("status").asString()).contains("running");

        JsonNode done = seen.get(seen.size() - 1);
        assertThat(done.get("progress").asInt()).isEqualTo(100);
        assertThat(done.get("started_at").isNull()).isFalse();
        assertThat(done.get("completed_at").isNull()).isFalse();
        assertThat(done.get("attempt").asInt()).isEqualTo(1);
        assertThat(done.get("result").get("content_type").asString()).isEqualTo("image/png");

        byte[] png = downloadResult(done, "image/png");
        assertThat(png).startsWith(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isPositive();
    }

    @Test
    void anAudioJobProducesAValidWav() throws Exception {
        List<JsonNode> seen = runToCompletion("audio", "rain on a tin roof");
        assertProgressNeverGoesBackwards(seen);
        byte[] wav = downloadResult(seen.get(seen.size() - 1), "audio/wav");
        assertThat(new String(wav, 0, 4, "US-ASCII")).isEqualTo("RIFF");
        assertThat(new String(wav, 8, 4, "US-ASCII")).isEqualTo("WAVE");
        try (AudioInputStream audio = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            AudioFormat format = audio.getFormat();
            assertThat(format.getSampleRate()).isPositive();
            assertThat(audio.getFrameLength()).isPositive();
        }
    }

    @Test
    void aVideoJobProducesAnAnimatedGifWithSeveralFrames() throws Exception {
        List<JsonNode> seen = runToCompletion("video", "a drone flight over a forest");
        assertProgressNeverGoesBackwards(seen);
        byte[] gif = downloadResult(seen.get(seen.size() - 1), "image/gif");
        assertThat(new String(gif, 0, 6, "US-ASCII")).isEqualTo("GIF89a");
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            ImageReader reader = readers.next();
            reader.setInput(in);
            assertThat(reader.getNumImages(true)).isGreaterThan(1);
        }
    }

    @Test
    void aResultDownloadHonoursRangeRequests() {
        List<JsonNode> seen = runToCompletion("image", "range please");
        String url = seen.get(seen.size() - 1).get("result").get("output_url").asString();
        HttpResponse<byte[]> full = client.download(url, null);
        HttpResponse<byte[]> part = client.download(url, "bytes=0-7");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).containsExactly(java.util.Arrays.copyOfRange(full.body(), 0, 8));
        assertThat(part.headers().firstValue("Content-Range")).hasValueSatisfying(v -> assertThat(v).startsWith("bytes 0-7/"));
    }

    @Test
    void theStartAnswerPointsToEveryFollowUpUrl() {
        HttpResponse<String> response = client.start(job("image", "urls"));
        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode accepted = GatewayClient.json(response);
        String id = accepted.get("job_id").asString();
        assertThat(accepted.get("status").asString()).isEqualTo("queued");
        assertThat(accepted.get("status_url").asString()).isEqualTo("/api/job/" + id + "/status");
        assertThat(accepted.get("events_url").asString()).isEqualTo("/api/job/" + id + "/events");
        assertThat(accepted.get("cancel_url").asString()).isEqualTo("/api/job/" + id + "/cancel");
        assertThat(accepted.get("poll_after_ms").asLong()).isPositive();
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(v -> assertThat(v).endsWith("/api/job/" + id + "/status"));
        await().atMost(Duration.ofSeconds(60)).until(() -> "completed".equals(client.statusOf(id).get("status").asString()));
    }

    /** Starts a job and polls it every 50 ms until it is terminal, returning every status seen. */
    private List<JsonNode> runToCompletion(String mediaType, String prompt) {
        String id = client.startAccepted(job(mediaType, prompt));
        List<JsonNode> seen = new ArrayList<>();
        await(mediaType + " job " + id).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            JsonNode status = client.statusOf(id);
            seen.add(status);
            return isTerminal(status);
        });
        assertThat(seen.get(seen.size() - 1).get("status").asString()).as("final status of %s", id).isEqualTo("completed");
        return seen;
    }

    private byte[] downloadResult(JsonNode done, String contentType) {
        String url = done.get("result").get("output_url").asString();
        HttpResponse<byte[]> file = client.download(url, null);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith(contentType));
        assertThat((long) file.body().length).isEqualTo(done.get("result").get("size_bytes").asLong());
        return file.body();
    }

    private static void assertProgressNeverGoesBackwards(List<JsonNode> seen) {
        int last = -1;
        for (JsonNode status : seen) {
            int progress = status.get("progress").asInt();
            assertThat(progress).as("progress after %d in %s", last, status).isGreaterThanOrEqualTo(last);
            last = progress;
        }
    }

    private static boolean isTerminal(JsonNode status) {
        return List.of("completed", "failed", "cancelled").contains(status.get("status").asString());
    }

    static String job(String mediaType, String prompt) {
        return """
                {"media_type":"%s","config_id":"demo","user_input":"%s","priority":"normal"}""".formatted(mediaType, prompt);
    }

    private static List<String> args() {
        List<String> args = new ArrayList<>(broker.commandLineArguments());
        args.add("--mediaqueue.results.dir=" + results.toAbsolutePath());
        return args;
    }

    private static List<String> withArgs(List<String> base, String... more) {
        List<String> args = new ArrayList<>(base);
        args.addAll(List.of(more));
        return args;
    }
}
