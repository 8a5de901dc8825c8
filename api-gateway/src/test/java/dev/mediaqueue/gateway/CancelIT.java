package dev.mediaqueue.gateway;

import dev.mediaqueue.model.JobResult;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.StatusEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.http.MediaType.APPLICATION_JSON;
import static org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON;

/** Cancelling jobs on a real broker: what the stream records and what workers are told on media.control. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class CancelIT {

    static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
    };
    static final Duration PATIENCE = Duration.ofSeconds(20);

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
    BrokerProbe.ControlListener workers;

    @BeforeEach
    void client() throws Exception {
        http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        GatewayTestBed.awaitReady(managementPort);
        workers = bed.probe().listenToControl();
    }

    @Test
    void queuedJobIsCancelledAtOnceRecordedInTheStreamAndWorkersAreTold() throws Exception {
        UUID jobId = start();

        http.post().uri("/api/job/{id}/cancel", jobId).exchange()
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.status").isEqualTo("cancelled")
                .jsonPath("$.message").isEqualTo("Cancelled by the caller");

        StatusEvent cancelled = bed.probe().newestEvent(jobId);
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.attempt()).isZero();
        assertThat(cancelled.seq()).isEqualTo(1);
        assertThat(cancelled.completedAt()).isNotNull();
        await().atMost(PATIENCE).until(() -> workers.jobIds().contains(jobId));
        http.get().uri("/api/job/{id}/status", jobId).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("cancelled");
    }

    @Test
    void runningJobGetsACancelCommandAndEndsCancelledWhenItsWorkerSaysSo() throws Exception {
        UUID jobId = start();
        StatusEvent running = bed.probe().newestEvent(jobId).next().state(JobState.RUNNING).attempt(1).seq(0)
                .startedAt(Instant.now()).workerId("worker-1").at(Instant.now());
        bed.probe().publish(running);
        awaitStatus(jobId, "running");

        http.post().uri("/api/job/{id}/cancel", jobId).exchange()
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.status").isEqualTo("running");

        await().atMost(PATIENCE).until(() -> workers.jobIds().contains(jobId));
        bed.probe().publish(running.next().state(JobState.CANCELLED).seq(1).message("Cancelled").completedAt(Instant.now())
                .at(Instant.now()));
        awaitStatus(jobId, "cancelled");
    }

    @Test
    void finishedJobCannotBeCancelledAndTheAnswerCarriesItsStatus() throws Exception {
        UUID jobId = start();
        StatusEvent running = bed.probe().newestEvent(jobId).next().state(JobState.RUNNING).attempt(1).seq(0).at(Instant.now());
        bed.probe().publish(running, running.next().state(JobState.COMPLETED).seq(1).progress(100).completedAt(Instant.now())
                .result(new JobResult("/exports/" + jobId + ".png", "image/png", 10, Map.of())).at(Instant.now()));
        awaitStatus(jobId, "completed");

        http.post().uri("/api/job/{id}/cancel", jobId).exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType(APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail").isEqualTo("job " + jobId + " is already completed and can no longer be cancelled")
                .jsonPath("$.job.job_id").isEqualTo(jobId.toString())
                .jsonPath("$.job.status").isEqualTo("completed")
                .jsonPath("$.job.result.output_url").value(String.class,
                        url -> assertThat(url).startsWith("/exports/" + jobId + ".png?exp="));
        assertThat(bed.probe().newestEvent(jobId).state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void unknownJobIsA404AndAMalformedIdA400() {
        http.post().uri("/api/job/{id}/cancel", UUID.randomUUID()).exchange()
                .expectStatus().isNotFound().expectHeader().contentType(APPLICATION_PROBLEM_JSON);
        http.post().uri("/api/job/not-a-job/cancel").exchange()
                .expectStatus().isBadRequest().expectHeader().contentType(APPLICATION_PROBLEM_JSON);
    }

    @Test
    void workerThatStartsACancelledJobIsToldAgainOncePerAttempt() throws Exception {
        UUID jobId = start();
        StatusEvent queued = bed.probe().newestEvent(jobId);
        http.post().uri("/api/job/{id}/cancel", jobId).exchange().expectStatus().isAccepted();
        await().atMost(PATIENCE).until(() -> count(jobId) == 1);

        // a worker took the job before the command reached it
        StatusEvent running = queued.next().state(JobState.RUNNING).attempt(1).seq(0).startedAt(Instant.now())
                .workerId("worker-slow").at(Instant.now());
        bed.probe().publish(running);
        await().atMost(PATIENCE).until(() -> count(jobId) == 2);

        bed.probe().publish(running.next().seq(1).progress(20).at(Instant.now()));
        await().during(Duration.ofSeconds(2)).atMost(PATIENCE).until(() -> count(jobId) == 2);

        bed.probe().publish(queued.next().state(JobState.RUNNING).attempt(2).seq(0).at(Instant.now()));
        await().atMost(PATIENCE).until(() -> count(jobId) == 3);
        awaitStatus(jobId, "cancelled");
    }

    private long count(UUID jobId) {
        return workers.jobIds().stream().filter(jobId::equals).count();
    }

    private void awaitStatus(UUID jobId, String status) {
        await().atMost(PATIENCE).untilAsserted(() -> http.get().uri("/api/job/{id}/status", jobId).exchange()
                .expectBody().jsonPath("$.status").isEqualTo(status));
    }

    private UUID start() {
        Map<String, Object> body = http.post().uri("/api/job/start").contentType(APPLICATION_JSON)
                .body("{\"media_type\":\"image\",\"user_input\":\"a lighthouse\"}").exchange()
                .expectStatus().isAccepted().expectBody(JSON_OBJECT).returnResult().getResponseBody();
        return UUID.fromString((String) body.get("job_id"));
    }
}
