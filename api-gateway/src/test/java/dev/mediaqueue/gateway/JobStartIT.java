package dev.mediaqueue.gateway;

import com.rabbitmq.client.GetResponse;
import dev.mediaqueue.model.JobMessage;
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
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.http.MediaType.APPLICATION_JSON;
import static org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class JobStartIT {

    static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
    };

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

    RestTestClient http;

    @BeforeEach
    void client() {
        http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        GatewayTestBed.awaitReady(managementPort);
    }

    @Test
    void startedJobIsConfirmedQueuedAndRecordedThenAnsweredByItsStatus() throws Exception {
        var accepted = http.post().uri("/api/job/start").contentType(APPLICATION_JSON)
                .body("""
                        {"media_type":"image","config_id":"flux.dev","user_input":"a cat in a hat",
                         "language":"en","priority":"high","params":{"steps":20}}""")
                .exchange()
                .expectStatus().isAccepted()
                .expectHeader().contentType(APPLICATION_JSON)
                .expectBody(JSON_OBJECT).returnResult();
        Map<String, Object> body = accepted.getResponseBody();
        UUID jobId = UUID.fromString((String) body.get("job_id"));
        String base = "/api/job/" + jobId;
        assertThat(body).containsEntry("status", "queued").containsEntry("status_url", base + "/status")
                .containsEntry("events_url", base + "/events").containsEntry("cancel_url", base + "/cancel")
                .containsEntry("poll_after_ms", 2000);
        assertThat(accepted.getResponseHeaders().getLocation()).isEqualTo(URI.create(base + "/status"));

        // the job waits in its queue, exactly as a worker will receive it
        GetResponse delivery = bed.probe().take(Topology.jobQueue(MediaType.IMAGE));
        assertThat(delivery).isNotNull();
        assertThat(delivery.getProps().getPriority()).isEqualTo(Priority.HIGH.amqpPriority());
        assertThat(delivery.getProps().getMessageId()).isEqualTo(jobId.toString());
        assertThat(delivery.getProps().getDeliveryMode()).isEqualTo(2);
        assertThat(delivery.getProps().getContentType()).isEqualTo("application/json");
        assertThat(delivery.getProps().getHeaders()).containsEntry(Topology.ATTEMPT_HEADER, 1);
        JobMessage job = WireFormat.read(delivery.getBody(), JobMessage.class);
        assertThat(job.jobId()).isEqualTo(jobId);
        assertThat(job.userInput()).isEqualTo("a cat in a hat");
        assertThat(job.configId()).isEqualTo("flux.dev");
        assertThat(job.language()).isEqualTo("en");
        assertThat(job.tenant()).isEqualTo("default");
        assertThat(job.params()).isEqualTo(Map.of("steps", 20));

        // its queued event is in the status history, so every gateway knows it
        assertThat(bed.probe().statusEvents()).filteredOn(e -> e.jobId().equals(jobId))
                .singleElement().satisfies(event -> {
                    assertThat(event.state()).isEqualTo(JobState.QUEUED);
                    assertThat(event.attempt()).isZero();
                    assertThat(event.priority()).isEqualTo(Priority.HIGH);
                    assertThat(event.createdAt()).isEqualTo(job.createdAt());
                });

        http.get().uri(base + "/status").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
                .expectBody()
                .jsonPath("$.job_id").isEqualTo(jobId.toString())
                .jsonPath("$.status").isEqualTo("queued")
                .jsonPath("$.media_type").isEqualTo("image")
                .jsonPath("$.priority").isEqualTo("high");
    }

    @Test
    void statusFollowsTheEventsWorkersPublish() throws Exception {
        UUID jobId = start("{\"media_type\":\"audio\",\"user_input\":\"rain on a roof\"}");
        StatusEvent queued = bed.probe().statusEvents().stream().filter(e -> e.jobId().equals(jobId)).findFirst().orElseThrow();
        StatusEvent running = queued.next().state(JobState.RUNNING).attempt(1).seq(0).progress(40)
                .message("Sampling").workerId("worker-1").startedAt(queued.createdAt().plusSeconds(1))
                .at(queued.createdAt().plusSeconds(2));

        bed.probe().publish(running);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> http.get().uri("/api/job/{id}/status", jobId)
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"1-0-running\"")
                .expectBody().jsonPath("$.progress").isEqualTo(40).jsonPath("$.poll_after_ms").isEqualTo(1000));
    }

    @Test
    void badRequestsPublishNothing() throws Exception {
        start("{\"media_type\":\"video\",\"user_input\":\"baseline\"}");
        long jobsBefore = bed.probe().jobQueueDepth();
        int eventsBefore = bed.probe().statusEvents().size();

        for (String body : List.of("{\"media_type\":\"image\",", "{}", "{\"media_type\":\"gif\",\"user_input\":\"x\"}",
                "{\"media_type\":\"image\",\"user_input\":\"x\",\"priority\":\"asap\"}",
                "{\"media_type\":\"image\",\"user_input\":\"x\",\"colour\":\"red\"}",
                "{\"media_type\":\"image\",\"user_input\":\"" + "x".repeat(5000) + "\"}")) {
            http.post().uri("/api/job/start").contentType(APPLICATION_JSON).body(body).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").isNotEmpty();
        }
        http.post().uri("/api/job/start").contentType(org.springframework.http.MediaType.TEXT_PLAIN).body("a cat")
                .exchange().expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        assertThat(postChunked("{\"media_type\":\"image\",\"user_input\":\"" + "x".repeat(100_000) + "\"}"))
                .as("a chunked body over the limit").isEqualTo(413);

        assertThat(bed.probe().jobQueueDepth()).isEqualTo(jobsBefore);
        assertThat(bed.probe().statusEvents()).hasSize(eventsBefore);
    }

    @Test
    void errorsTheServletContainerAnswersItselfAreProblemsToo() {
        http.get().uri(URI.create("http://127.0.0.1:" + port + "/exports/..%2f..%2fetc%2fpasswd")).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(400);
    }

    private UUID start(String json) {
        Map<String, Object> body = http.post().uri("/api/job/start").contentType(APPLICATION_JSON).body(json).exchange()
                .expectStatus().isAccepted().expectBody(JSON_OBJECT).returnResult().getResponseBody();
        return UUID.fromString((String) body.get("job_id"));
    }

    private int postChunked(String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/job/start"))
                .header("Content-Type", "application/json")
                // an input stream publisher has no length, so the body goes chunked
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

}
