package dev.mediaqueue.gateway;

import com.rabbitmq.client.GetResponse;
import dev.mediaqueue.model.ErrorType;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
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
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.http.MediaType.APPLICATION_JSON;

/** Batches and the job history on a real bed.broker(). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class HistoryAndBatchIT {

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
    @SuppressWarnings("unchecked")
    void batchRunsAsOrdinaryJobsAndRollsUpTheirStates() throws Exception {
        long imagesBefore = bed.probe().depth(Topology.jobQueue(MediaType.IMAGE));
        long audioBefore = bed.probe().depth(Topology.jobQueue(MediaType.AUDIO));
        Map<String, Object> accepted = http.post().uri("/api/job/batch").contentType(APPLICATION_JSON).body("""
                        {"items":[{"media_type":"image","user_input":"a fox"},
                                  {"media_type":"image","user_input":"a hare","priority":"urgent"},
                                  {"media_type":"audio","user_input":"a blackbird"}]}""")
                .exchange()
                .expectStatus().isAccepted()
                .expectBody(JSON_OBJECT).returnResult().getResponseBody();
        UUID batchId = UUID.fromString((String) accepted.get("batch_id"));
        List<UUID> jobIds = ((List<String>) accepted.get("job_ids")).stream().map(UUID::fromString).toList();
        assertThat(accepted.get("status_url")).isEqualTo("/api/job/batch/" + batchId);
        assertThat(jobIds).hasSize(3);

        // ordinary job messages, each carrying the batch id
        assertThat(bed.probe().depth(Topology.jobQueue(MediaType.IMAGE))).isEqualTo(imagesBefore + 2);
        assertThat(audioBefore).as("no other test starts audio jobs").isZero();
        GetResponse audio = bed.probe().take(Topology.jobQueue(MediaType.AUDIO));
        JobMessage audioJob = WireFormat.read(audio.getBody(), JobMessage.class);
        assertThat(audioJob.jobId()).isEqualTo(jobIds.get(2));
        assertThat(audioJob.batchId()).isEqualTo(batchId);

        StatusEvent first = bed.probe().newestEvent(jobIds.get(0));
        assertThat(first.batchId()).isEqualTo(batchId);
        StatusEvent running = first.next().state(JobState.RUNNING).attempt(1).seq(0).progress(50).at(Instant.now());
        bed.probe().publish(running, running.next().state(JobState.FAILED).seq(1).completedAt(Instant.now())
                .error(ErrorType.PERMANENT, "unsafe prompt").at(Instant.now()));
        StatusEvent third = bed.probe().newestEvent(jobIds.get(2));
        bed.probe().publish(third.next().state(JobState.RUNNING).attempt(1).seq(0).progress(10).at(Instant.now()));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> http.get().uri("/api/job/batch/{id}", batchId).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
                .expectBody()
                .jsonPath("$.batch_id").isEqualTo(batchId.toString())
                .jsonPath("$.total").isEqualTo(3)
                .jsonPath("$.counts.queued").isEqualTo(1)
                .jsonPath("$.counts.running").isEqualTo(1)
                .jsonPath("$.counts.failed").isEqualTo(1)
                .jsonPath("$.counts.completed").isEqualTo(0)
                .jsonPath("$.items[0].job_id").isEqualTo(jobIds.get(0).toString())
                .jsonPath("$.items[0].error").isEqualTo("unsafe prompt")
                .jsonPath("$.items[1].priority").isEqualTo("urgent")
                .jsonPath("$.items[2].status").isEqualTo("running"));

        http.get().uri("/api/job/batch/{id}", UUID.randomUUID()).exchange().expectStatus().isNotFound();
    }

    @Test
    void invalidBatchStartsNothing() throws Exception {
        long before = bed.probe().jobQueueDepth();

        http.post().uri("/api/job/batch").contentType(APPLICATION_JSON)
                .body("{\"items\":[{\"media_type\":\"image\",\"user_input\":\"ok\"},{\"media_type\":\"image\"}]}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("items[1].user_input");

        assertThat(bed.probe().jobQueueDepth()).isEqualTo(before);
    }

    @Test
    void historyListsTheCallersJobsNewestFirstAndFilters() throws Exception {
        UUID video = start("video", "a train at night");
        UUID image = start("image", "a teapot");
        UUID newest = start("video", "a storm");
        StatusEvent queued = bed.probe().newestEvent(image);
        bed.probe().publish(queued.next().state(JobState.RUNNING).attempt(1).seq(0).at(Instant.now()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> http.get().uri("/api/job/{id}/status", image)
                .exchange().expectBody().jsonPath("$.status").isEqualTo("running"));

        http.get().uri("/api/jobs?limit=3").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
                .expectBody()
                .jsonPath("$.jobs.length()").isEqualTo(3)
                .jsonPath("$.jobs[0].job_id").isEqualTo(newest.toString())
                .jsonPath("$.jobs[1].job_id").isEqualTo(image.toString())
                .jsonPath("$.jobs[2].job_id").isEqualTo(video.toString());
        http.get().uri("/api/jobs?media_type=video&limit=2").exchange()
                .expectBody()
                .jsonPath("$.jobs[0].job_id").isEqualTo(newest.toString())
                .jsonPath("$.jobs[1].job_id").isEqualTo(video.toString());
        http.get().uri("/api/jobs?status=running&media_type=image").exchange()
                .expectBody()
                .jsonPath("$.jobs[0].job_id").isEqualTo(image.toString())
                .jsonPath("$.jobs[0].status").isEqualTo("running");
        http.get().uri("/api/jobs?status=later").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("status");
    }

    private UUID start(String mediaType, String prompt) {
        Map<String, Object> body = http.post().uri("/api/job/start").contentType(APPLICATION_JSON)
                .body("{\"media_type\":\"" + mediaType + "\",\"user_input\":\"" + prompt + "\"}").exchange()
                .expectStatus().isAccepted().expectBody(JSON_OBJECT).returnResult().getResponseBody();
        return UUID.fromString((String) body.get("job_id"));
    }
}
