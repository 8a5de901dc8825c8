package dev.mediaqueue.gateway;

import com.rabbitmq.client.GetResponse;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobResult;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.model.Topology;
import dev.mediaqueue.model.WireFormat;
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

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * API keys, tenant isolation, signed result URLs and priority caps on a real broker, with two tenants:
 * alice (highest tier normal) and bob (urgent).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class SecurityIT {

    static final String ALICE = "alice-key";   // printf %s alice-key | sha256sum
    static final String BOB = "bob-key";
    static final String START = "{\"media_type\":\"image\",\"user_input\":\"a lighthouse\"}";

    @RegisterExtension
    static final GatewayTestBed bed = new GatewayTestBed();
    static final Path results = temporaryDirectory();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        bed.register(registry);
        registry.add("mediaqueue.results.dir", results::toString);
        registry.add("mediaqueue.security.tenants.alice.key-sha256",
                () -> "72ee9d4355ccb9d3a4c9dbf37382e38e75c1b1a225b5bd1f729ee91bbda30c20");
        registry.add("mediaqueue.security.tenants.alice.max-priority", () -> "normal");
        registry.add("mediaqueue.security.tenants.bob.key-sha256",
                () -> "9b94dc1a51a38769f135edf04033ad7f2f487b6c25929be7a861cfc1ab10cf98");
        registry.add("mediaqueue.security.tenants.bob.max-priority", () -> "urgent");
        registry.add("mediaqueue.security.url-signing-secret", () -> "an-integration-test-secret-of-32-chars-or-more");
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
    void withoutAValidKeyEveryApiCallIs401AndNothingIsStarted() throws Exception {
        long before = bed.probe().jobQueueDepth();
        List<HttpRequest.Builder> calls = List.of(
                post("/api/job/start", START), post("/api/run", START),
                post("/api/job/batch", "{\"items\":[" + START + "]}"),
                get(api("/api/jobs")), get(api("/api/job/" + UUID.randomUUID() + "/status")),
                get(api("/api/health/queue")), get(api("/actuator/prometheus")));
        for (HttpRequest.Builder call : calls) {
            for (Map<String, String> credentials : List.of(Map.<String, String>of(),
                    Map.of("Authorization", "Bearer wrong-key"), Map.of("X-API-Key", "wrong-key"),
                    Map.of("Authorization", "Basic " + ALICE))) {
                HttpRequest.Builder request = call.copy();
                credentials.forEach(request::header);
                HttpResponse<String> answer = send(request);
                assertThat(answer.statusCode()).as(call.build() + " " + credentials).isEqualTo(401);
                assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
                assertThat(json(answer).get("detail").asString()).isNotBlank();
            }
        }
        assertThat(bed.probe().jobQueueDepth()).isEqualTo(before);
    }

    @Test
    void eitherHeaderCarriesTheKey() throws Exception {
        assertThat(send(get(api("/api/jobs")).header("Authorization", "Bearer " + ALICE)).statusCode()).isEqualTo(200);
        assertThat(send(get(api("/api/jobs")).header("X-API-Key", ALICE)).statusCode()).isEqualTo(200);
    }

    @Test
    void anotherTenantsJobIsUnknownToEveryEndpoint() throws Exception {
        UUID job = start(ALICE, START);
        String batch = json(send(as(ALICE, post("/api/job/batch", "{\"items\":[" + START + "]}")))).get("batch_id").asString();
        // the tag includes the queue position, which is computed a moment after the start
        await().atMost(Duration.ofSeconds(10)).until(() -> !json(send(as(ALICE, get(api(status(job)))))).get("queue_position").isNull());
        String etag = send(as(ALICE, get(api(status(job))))).headers().firstValue("ETag").orElseThrow();

        // bob gets exactly what an id nobody has gets: 404 with the same detail, never 403
        UUID nobodysJob = UUID.randomUUID();
        String nobodysBatch = UUID.randomUUID().toString();
        List<HttpRequest.Builder> bobs = calls(job.toString(), batch, etag);
        List<HttpRequest.Builder> unknowns = calls(nobodysJob.toString(), nobodysBatch, etag);
        for (int i = 0; i < bobs.size(); i++) {
            HttpResponse<String> answer = send(as(BOB, bobs.get(i)));
            HttpResponse<String> unknown = send(as(BOB, unknowns.get(i)));
            assertThat(answer.statusCode()).as(answer.request().toString()).isEqualTo(404).isEqualTo(unknown.statusCode());
            assertThat(json(answer).get("detail").asString()).as(answer.request().toString()).isEqualTo(
                    json(unknown).get("detail").asString().replace(nobodysJob.toString(), job.toString()).replace(nobodysBatch, batch));
        }
        assertThat(jobIds(send(as(BOB, get(api("/api/jobs")))))).doesNotContain(job.toString());

        // untouched: alice still sees it, listed, with an unchanged tag; she can follow and cancel it
        assertThat(send(as(ALICE, get(api(status(job))).header("If-None-Match", etag))).statusCode()).isEqualTo(304);
        assertThat(jobIds(send(as(ALICE, get(api("/api/jobs")))))).contains(job.toString());
        assertThat(send(as(ALICE, get(api("/api/job/batch/" + batch)))).statusCode()).isEqualTo(200);
        HttpResponse<java.io.InputStream> stream = http.send(as(ALICE, get(api("/api/job/" + job + "/events"))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        stream.body().close();
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(send(as(ALICE, post("/api/job/" + job + "/cancel", ""))).statusCode()).isEqualTo(202);
    }

    /** Every endpoint that names a job or a batch: status, conditional status, long poll, events, cancel, batch status. */
    private List<HttpRequest.Builder> calls(String job, String batch, String etag) {
        return List.of(get(api("/api/job/" + job + "/status")),
                get(api("/api/job/" + job + "/status")).header("If-None-Match", etag),
                get(api("/api/job/" + job + "/status?wait=2")).header("If-None-Match", etag),
                get(api("/api/job/" + job + "/events")),
                post("/api/job/" + job + "/cancel", ""),
                get(api("/api/job/batch/" + batch)));
    }

    private static List<String> jobIds(HttpResponse<String> list) {
        assertThat(list.statusCode()).isEqualTo(200);
        return json(list).get("jobs").valueStream().map(listed -> listed.get("job_id").asString()).toList();
    }

    @Test
    void resultFilesAreServedOnlyAtTheSignedUrlOfTheStatus() throws Exception {
        UUID job = start(ALICE, START);
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        Files.write(results.resolve(job + ".png"), png);
        StatusEvent queued = bed.probe().newestEvent(job);
        StatusEvent running = queued.next().state(JobState.RUNNING).attempt(1).seq(0).at(Instant.now());
        bed.probe().publish(running, running.next().state(JobState.COMPLETED).seq(1).progress(100)
                .result(new JobResult("/exports/" + job + ".png", "image/png", png.length, Map.of()))
                .completedAt(Instant.now()).at(Instant.now()));
        String outputUrl = await().atMost(Duration.ofSeconds(20)).until(
                () -> json(send(as(ALICE, get(api(status(job)))))).get("result"), result -> !result.isNull())
                .get("output_url").asString();

        assertThat(outputUrl).startsWith("/exports/" + job + ".png?exp=");
        // no key needed: an <img src> cannot send one; the signature is the permission
        HttpResponse<byte[]> download = http.send(get(api(outputUrl)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(png);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("image/png");

        String signature = outputUrl.substring(outputUrl.indexOf("sig=") + 4);
        String otherSignature = (signature.charAt(0) == 'A' ? "B" : "A") + signature.substring(1);
        for (String forged : List.of("/exports/" + job + ".png", outputUrl.replace(signature, otherSignature),
                outputUrl.replaceAll("exp=\\d", "exp=9"), outputUrl.replace(job + ".png", job + "-2.png"))) {
            HttpResponse<String> refused = send(get(api(forged)).header("X-API-Key", ALICE));
            assertThat(refused.statusCode()).as(forged).isEqualTo(404);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.body()).doesNotContain("PNG");
        }
        assertThat(send(as(BOB, get(api(status(job))))).statusCode()).isEqualTo(404);
    }

    @Test
    void aTierAboveTheAllowanceIsLoweredAndSaidSo() throws Exception {
        long before = bed.probe().depth(Topology.jobQueue(MediaType.AUDIO));
        HttpResponse<String> lowered = send(as(ALICE, post("/api/job/start",
                "{\"media_type\":\"audio\",\"user_input\":\"rain\",\"priority\":\"urgent\"}")));
        HttpResponse<String> allowed = send(as(BOB, post("/api/job/start",
                "{\"media_type\":\"audio\",\"user_input\":\"rain\",\"priority\":\"urgent\"}")));

        assertThat(lowered.statusCode()).isEqualTo(202);
        assertThat(lowered.headers().firstValue("Priority-Lowered")).hasValue("normal");
        assertThat(allowed.statusCode()).isEqualTo(202);
        assertThat(allowed.headers().firstValue("Priority-Lowered")).isEmpty();
        UUID loweredJob = UUID.fromString(json(lowered).get("job_id").asString());
        assertThat(json(send(as(ALICE, get(api(status(loweredJob)))))).get("priority").asString()).isEqualTo("normal");

        assertThat(bed.probe().depth(Topology.jobQueue(MediaType.AUDIO))).isEqualTo(before + 2);
        List<Integer> priorities = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            GetResponse message = bed.probe().take(Topology.jobQueue(MediaType.AUDIO));
            JobMessage published = WireFormat.read(message.getBody(), JobMessage.class);
            priorities.add(message.getProps().getPriority());
            if (published.jobId().equals(loweredJob)) {
                assertThat(published.priority()).isEqualTo(Priority.NORMAL);
                assertThat(published.tenant()).isEqualTo("alice");
            }
        }
        // the queue hands out the higher priority first: bob's urgent, then alice's lowered one
        assertThat(priorities).containsExactly(Priority.URGENT.amqpPriority(), Priority.NORMAL.amqpPriority());

        HttpResponse<String> batch = send(as(ALICE, post("/api/job/batch", "{\"items\":[{\"media_type\":\"audio\","
                + "\"user_input\":\"wind\",\"priority\":\"high\"},{\"media_type\":\"audio\",\"user_input\":\"sea\",\"priority\":\"low\"}]}")));
        assertThat(batch.headers().firstValue("Priority-Lowered")).hasValue("normal");
        List<String> batchPriorities = json(batch).get("job_ids").valueStream()
                .map(id -> json(send(as(ALICE, get(api(status(UUID.fromString(id.asString()))))))).get("priority").asString())
                .toList();
        assertThat(batchPriorities).containsExactly("normal", "low");
    }

    @Test
    void theApiPortServesNoActuatorAndTheManagementPortServesItWithoutAKey() throws Exception {
        assertThat(send(as(ALICE, get(api("/actuator/prometheus")))).statusCode()).isEqualTo(404);
        assertThat(send(as(ALICE, get(api("/actuator/health")))).statusCode()).isEqualTo(404);
        HttpResponse<String> scrape = send(get(management("/actuator/prometheus")));
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("mediaqueue_");
        // the demo page and the API description stay public on the API port
        assertThat(send(get(api("/"))).statusCode()).isEqualTo(200);
        assertThat(send(get(api("/js/app.js"))).statusCode()).isEqualTo(200);
        assertThat(send(get(api("/v3/api-docs"))).statusCode()).isEqualTo(200);
    }

    private UUID start(String key, String body) {
        HttpResponse<String> accepted = send(as(key, post("/api/job/start", body)));
        assertThat(accepted.statusCode()).isEqualTo(202);
        return UUID.fromString(json(accepted).get("job_id").asString());
    }

    private static String status(UUID job) {
        return "/api/job/" + job + "/status";
    }

    private static HttpRequest.Builder as(String key, HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + key);
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(api(path))).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
    }

    private String api(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private String management(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> answer) {
        return WireFormat.mapper().readTree(answer.body());
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("mediaqueue-security-it");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
