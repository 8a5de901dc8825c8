package dev.mediaqueue.gateway;

import com.rabbitmq.client.GetResponse;
import dev.mediaqueue.model.JobResult;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.model.Topology;
import dev.mediaqueue.model.WireFormat;
import dev.mediaqueue.testing.EventStreamClient;
import dev.mediaqueue.testing.EventStreamClient.Event;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How clients follow a job through a real gateway and broker: long polls, event streams and the
 * bounded synchronous waits. The test plays the worker by publishing its status events.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mediaqueue.delivery.sse-heartbeat=500ms",
        "mediaqueue.delivery.max-prefer-wait=3s",
        "mediaqueue.delivery.run-wait=2s"})
@DirtiesContext
class DeliveryIT {

    @RegisterExtension
    static final GatewayTestBed bed = new GatewayTestBed();

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        bed.register(registry);
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void ready() {
        GatewayTestBed.awaitReady(managementPort);
    }

    @Test
    void eventStreamSendsTheSnapshotEveryChangeAndHeartbeatsThenClosesAfterTheEnd() throws Exception {
        StatusEvent queued = start();
        try (EventStreamClient stream = EventStreamClient.open(http, url(events(queued)), Map.of())) {
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
            assertThat(stream.headers().firstValue("Cache-Control")).contains("no-store, no-transform");
            assertThat(stream.headers().firstValue("X-Accel-Buffering")).contains("no");
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.events().size() >= 1);
            Event snapshot = stream.events().get(0);
            assertThat(snapshot.name()).isEqualTo("status");
            assertThat(snapshot.id()).startsWith("0-0-queued");
            assertThat(json(snapshot.data()).get("status").asString()).isEqualTo("queued");

            StatusEvent running = running(queued, 40);
            bed.probe().publish(running);
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.events().stream().anyMatch(e -> e.id().startsWith("1-0-running")));
            await("heartbeats").atMost(Duration.ofSeconds(10)).until(() -> stream.comments().size() >= 2);
            assertThat(stream.ended()).isFalse();

            bed.probe().publish(completed(running));
            await().atMost(Duration.ofSeconds(10)).until(stream::ended);
            Event last = stream.events().get(stream.events().size() - 1);
            // a status with result URLs carries their expiry in its version
            assertThat(last.id()).matches("1-1-completed-u\\d+");
            assertThat(json(last.data()).get("result").get("output_url").asString()).startsWith("/exports/done.png?exp=");
            assertThat(stream.failed()).isFalse();
        }
    }

    @Test
    void aResumedStreamSendsOnlyWhatTheClientHasNotSeenAndA204OnceTheJobIsOver() throws Exception {
        StatusEvent queued = start();
        StatusEvent running = running(queued, 10);
        bed.probe().publish(running);
        await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(queued).get("status").asString().equals("running"));
        String seen = eventId(get(status(queued), Map.of()));

        try (EventStreamClient resumed = EventStreamClient.open(http, url(events(queued)), Map.of("Last-Event-ID", seen))) {
            StatusEvent later = running.next().seq(1).progress(60).at(running.updatedAt().plusSeconds(1));
            bed.probe().publish(later);
            await().atMost(Duration.ofSeconds(10)).until(() -> !resumed.events().isEmpty());
            assertThat(resumed.events()).extracting(Event::id).first().asString().startsWith("1-1-running");
            bed.probe().publish(completed(later));
            await().atMost(Duration.ofSeconds(10)).until(resumed::ended);
        }

        HttpResponse<String> over = get(events(queued), Map.of("Last-Event-ID", eventId(get(status(queued), Map.of()))));
        assertThat(over.statusCode()).isEqualTo(204);
        try (EventStreamClient fresh = EventStreamClient.open(http, url(events(queued)), Map.of())) {
            await().atMost(Duration.ofSeconds(10)).until(fresh::ended);
            assertThat(fresh.events()).singleElement().extracting(Event::id).asString().matches("1-2-completed-u\\d+");
        }
    }

    @Test
    void anEventStreamOfAnUnknownJobIsA404Problem() {
        HttpResponse<String> response = get("/api/job/" + UUID.randomUUID() + "/events", Map.of("Accept", "text/event-stream"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(json(response.body()).get("detail").asString()).startsWith("no job with id");
    }

    @Test
    void longPollAnswersWhenAWorkerMovesTheJobAndA304WhenNothingHappened() throws Exception {
        StatusEvent queued = start();
        // a new job gets its queue position within a refresh interval, and that is a change too
        await().atMost(Duration.ofSeconds(10)).until(() -> !statusOf(queued).get("queue_position").isNull());
        String etag = get(status(queued), Map.of()).headers().firstValue("ETag").orElseThrow();

        long before = System.nanoTime();
        HttpResponse<String> idle = get(status(queued) + "?wait=1", Map.of("If-None-Match", etag));
        assertThat(idle.statusCode()).isEqualTo(304);
        assertThat(idle.body()).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofMillis(900));

        CompletableFuture<HttpResponse<String>> poll = http.sendAsync(request(status(queued) + "?wait=25", Map.of("If-None-Match", etag)),
                HttpResponse.BodyHandlers.ofString());
        bed.probe().publish(running(queued, 30));
        HttpResponse<String> changed = poll.get();
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).hasValueSatisfying(v -> assertThat(v).startsWith("\"1-0-running"));
        assertThat(changed.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(json(changed.body()).get("progress").asInt()).isEqualTo(30);
    }

    @Test
    void startPreferringAWaitAnswers200WithTheFinalStatusWhenTheJobFinishesInTime() throws Exception {
        CompletableFuture<HttpResponse<String>> start = http.sendAsync(post("/api/job/start", Map.of("Prefer", "wait=30")),
                HttpResponse.BodyHandlers.ofString());
        StatusEvent queued = takeStartedJob();
        StatusEvent running = running(queued, 0);
        bed.probe().publish(running, completed(running));

        HttpResponse<String> answer = start.get();
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Preference-Applied")).contains("wait=3");
        assertThat(answer.headers().firstValue("ETag")).hasValueSatisfying(etag -> assertThat(etag).matches("\"1-1-completed-u\\d+\""));
        assertThat(json(answer.body()).get("status").asString()).isEqualTo("completed");
        assertThat(json(answer.body()).get("job_id").asString()).isEqualTo(queued.jobId().toString());
    }

    @Test
    void startPreferringAWaitAnswersTheUsual202WhenTheJobIsNotDoneInTime() {
        HttpResponse<String> answer = send(post("/api/job/start", Map.of("Prefer", "wait=1")));

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.headers().firstValue("Preference-Applied")).contains("wait=1");
        assertThat(answer.headers().firstValue("Location")).hasValueSatisfying(v -> assertThat(v).endsWith("/status"));
        assertThat(json(answer.body()).get("status").asString()).isEqualTo("queued");
    }

    @Test
    void runWaitsForTheJobLikeTheOldSynchronousApi() throws Exception {
        CompletableFuture<HttpResponse<String>> run = http.sendAsync(post("/api/run", Map.of()), HttpResponse.BodyHandlers.ofString());
        StatusEvent queued = takeStartedJob();
        StatusEvent running = running(queued, 0);
        bed.probe().publish(running, completed(running));

        HttpResponse<String> answer = run.get();
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(json(answer.body()).get("result").get("output_url").asString()).startsWith("/exports/done.png?exp=");

        HttpResponse<String> slow = send(post("/api/run", Map.of()));
        assertThat(slow.statusCode()).as("a job not done within run-wait").isEqualTo(202);
        assertThat(json(slow.body()).get("status_url").asString()).endsWith("/status");
    }

    private StatusEvent start() throws Exception {
        HttpResponse<String> accepted = send(post("/api/job/start", Map.of()));
        assertThat(accepted.statusCode()).isEqualTo(202);
        UUID id = UUID.fromString(json(accepted.body()).get("job_id").asString());
        return bed.probe().statusEvents().stream().filter(e -> e.jobId().equals(id)).findFirst().orElseThrow();
    }

    /** The job a start just published, taken from its queue as a worker would take it. */
    private StatusEvent takeStartedJob() throws Exception {
        GetResponse message = await().atMost(Duration.ofSeconds(10))
                .until(() -> bed.probe().take(Topology.jobQueue(MediaType.IMAGE)), Objects::nonNull);
        UUID id = UUID.fromString(message.getProps().getMessageId());
        return bed.probe().statusEvents().stream().filter(e -> e.jobId().equals(id)).findFirst().orElseThrow();
    }

    @BeforeEach
    void noJobWaits() throws Exception {
        while (bed.probe().take(Topology.jobQueue(MediaType.IMAGE)) != null) {
            // a job an earlier test left queued
        }
    }

    private static StatusEvent running(StatusEvent queued, int progress) {
        Instant at = queued.createdAt().plusSeconds(1);
        return queued.next().state(JobState.RUNNING).attempt(1).seq(0).progress(progress).workerId("test-worker")
                .startedAt(at).at(at);
    }

    private static StatusEvent completed(StatusEvent running) {
        Instant at = running.updatedAt().plusSeconds(2);
        return running.next().state(JobState.COMPLETED).seq(running.seq() + 1).progress(100)
                .result(new JobResult("/exports/done.png", "image/png", 10, Map.of())).completedAt(at).at(at);
    }

    private JsonNode statusOf(StatusEvent event) {
        return json(get(status(event), Map.of()).body());
    }

    private static String eventId(HttpResponse<String> status) {
        String etag = status.headers().firstValue("ETag").orElseThrow();
        return etag.substring(1, etag.length() - 1);
    }

    private static String status(StatusEvent event) {
        return "/api/job/" + event.jobId() + "/status";
    }

    private static String events(StatusEvent event) {
        return "/api/job/" + event.jobId() + "/events";
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) {
        return send(request(path, headers));
    }

    private HttpRequest request(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(60)).GET();
        headers.forEach(request::header);
        return request.build();
    }

    private HttpRequest post(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"media_type\":\"image\",\"user_input\":\"a lighthouse\"}"));
        headers.forEach(request::header);
        return request.build();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static JsonNode json(String body) {
        return WireFormat.mapper().readTree(body);
    }
}
