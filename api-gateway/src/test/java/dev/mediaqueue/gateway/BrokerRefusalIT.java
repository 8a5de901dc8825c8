package dev.mediaqueue.gateway;

import dev.mediaqueue.model.ErrorType;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.model.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.http.MediaType.APPLICATION_JSON;
import static org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON;

/** A job queue that holds one job refuses the second, and the gateway says so instead of losing it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "mediaqueue.topology.job-queue-max-length=1")
@DirtiesContext
class BrokerRefusalIT {

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

    @Test
    void jobTheQueueRefusesIsA503WithRetryAfterAndEndsAsFailed() throws Exception {
        RestTestClient http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        String job = "{\"media_type\":\"video\",\"user_input\":\"a long film\"}";

        http.post().uri("/api/job/start").contentType(APPLICATION_JSON).body(job).exchange()
                .expectStatus().isAccepted();
        assertThat(bed.probe().depth(Topology.jobQueue(MediaType.VIDEO))).isEqualTo(1);

        http.post().uri("/api/job/start").contentType(APPLICATION_JSON).body(job).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5")
                .expectHeader().contentType(APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.job_id").doesNotExist()
                .jsonPath("$.detail").isEqualTo("the job queue did not accept the job; nothing was started, retry in 5 s");

        assertThat(bed.probe().depth(Topology.jobQueue(MediaType.VIDEO))).isEqualTo(1);
        assertThat(http.get().uri("http://127.0.0.1:" + managementPort + "/actuator/prometheus").exchange().expectBody(String.class).returnResult().getResponseBody())
                .contains("mediaqueue_jobs_rejected_total{media_type=\"video\",reason=\"broker_refused\"} 1.0",
                        "mediaqueue_jobs_submitted_total{media_type=\"video\",priority=\"normal\"} 1.0");
        // the refused job's history ends as failed, so no gateway keeps it queued forever
        List<StatusEvent> events = bed.probe().statusEvents();
        StatusEvent failed = events.stream().filter(e -> e.state() == JobState.FAILED).findFirst().orElseThrow();
        assertThat(failed.errorType()).isEqualTo(ErrorType.REJECTED);
        assertThat(failed.error()).isEqualTo("the broker did not accept the job");
        assertThat(failed.attempt()).isZero();
        assertThat(failed.seq()).isEqualTo(1);
        assertThat(events).filteredOn(e -> e.jobId().equals(failed.jobId())).extracting(StatusEvent::state)
                .containsExactly(JobState.QUEUED, JobState.FAILED);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                http.get().uri("/api/job/{id}/status", failed.jobId()).exchange()
                        .expectStatus().isOk()
                        .expectBody().jsonPath("$.status").isEqualTo("failed")
                        .jsonPath("$.error_type").isEqualTo("rejected"));
    }
}
