package dev.mediaqueue.gateway;

import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.model.ErrorType;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobResult;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.testing.RabbitBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.http.MediaType.APPLICATION_JSON;

/**
 * The status stream is the gateway's only store: a gateway started anew knows every job again, and
 * tells the load balancer it is not ready until it does.
 */
class GatewayRestartIT {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
    };
    private static final int HISTORY_JOBS = 1500;

    static final RabbitBroker broker = RabbitBroker.create();

    @AfterAll
    static void closeBroker() {
        broker.close();
    }

    @Test
    void restartedGatewayAnswersEveryJobOfTheHistoryAndIsNotReadyBeforeItCaughtUp() throws Exception {
        UUID startedBefore;
        try (BrokerProbe probe = new BrokerProbe(broker); ConfigurableApplicationContext first = start(null)) {
            RestTestClient http = client(first);
            await().atMost(Duration.ofSeconds(30)).until(() -> readiness(first).getStatus().is2xxSuccessful());
            startedBefore = startJob(http);
            StatusEvent queued = probe.statusEvents().get(0);
            probe.publish(runAndComplete(queued, 1));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> http.get().uri("/api/job/{id}/status", startedBefore)
                    .exchange().expectBody().jsonPath("$.status").isEqualTo("completed"));
        }

        // history written while no gateway runs, as workers carry on without one
        List<StatusEvent> history = new ArrayList<>();
        List<StatusEvent> newest = new ArrayList<>();
        for (int i = 0; i < HISTORY_JOBS; i++) {
            List<StatusEvent> job = jobHistory(i);
            history.addAll(job);
            newest.add(job.get(job.size() - 1));
        }
        try (BrokerProbe probe = new BrokerProbe(broker)) {
            probe.publish(history);
        }

        AtomicReference<EntityExchangeResult<Map<String, Object>>> readinessAtStart = new AtomicReference<>();
        AtomicReference<EntityExchangeResult<Map<String, Object>>> unknownJobAtStart = new AtomicReference<>();
        ApplicationListener<ApplicationStartedEvent> beforeReady = event -> {
            RestTestClient early = client(event.getApplicationContext());
            readinessAtStart.set(readiness(event.getApplicationContext()));
            unknownJobAtStart.set(early.get().uri("/api/job/{id}/status", UUID.randomUUID()).exchange()
                    .expectBody(JSON_OBJECT).returnResult());
        };

        try (ConfigurableApplicationContext second = start(beforeReady)) {
            RestTestClient http = client(second);

            assertThat(readinessAtStart.get().getStatus().value()).isEqualTo(503);
            assertThat(readinessAtStart.get().getResponseBody()).extracting("components")
                    .extracting("statusReplay").extracting("status").isEqualTo("DOWN");
            assertThat(unknownJobAtStart.get().getStatus().value()).as("an unknown job while replaying").isEqualTo(503);
            assertThat(unknownJobAtStart.get().getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");

            await().atMost(Duration.ofSeconds(60)).until(() -> readiness(second).getStatus().is2xxSuccessful());

            // ready means caught up: every job is known at once, at its newest state
            StatusCache cache = second.getBean(StatusCache.class);
            assertThat(newest).allSatisfy(event -> assertThat(cache.get(event.jobId())).contains(event));
            http.get().uri("/api/job/{id}/status", startedBefore).exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("completed")
                    // result URLs are signed (SecurityIT checks the signatures)
                    .jsonPath("$.result.output_url").value(String.class,
                            url -> assertThat(url).startsWith("/exports/" + startedBefore + ".png?exp="));
            StatusEvent completed = newest.get(0);
            http.get().uri("/api/job/{id}/status", completed.jobId()).exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueMatches(HttpHeaders.ETAG, "\"1-2-completed-u\\d+\"")
                    .expectBody()
                    .jsonPath("$.status").isEqualTo("completed")
                    .jsonPath("$.progress").isEqualTo(100)
                    .jsonPath("$.media_type").isEqualTo("video")
                    .jsonPath("$.priority").isEqualTo("urgent")
                    .jsonPath("$.attempt").isEqualTo(1)
                    .jsonPath("$.created_at").isEqualTo(completed.createdAt().toString())
                    .jsonPath("$.started_at").isEqualTo(completed.startedAt().toString())
                    .jsonPath("$.completed_at").isEqualTo(completed.completedAt().toString())
                    .jsonPath("$.result.content_type").isEqualTo("video/mp4")
                    .jsonPath("$.poll_after_ms").isEqualTo(0);
            http.get().uri("/api/job/{id}/status", newest.get(1).jobId()).exchange()
                    .expectBody().jsonPath("$.status").isEqualTo("running").jsonPath("$.progress").isEqualTo(60);
            http.get().uri("/api/job/{id}/status", newest.get(3).jobId()).exchange()
                    .expectBody().jsonPath("$.status").isEqualTo("failed").jsonPath("$.error_type").isEqualTo("transient");
        }
    }

    /** Job {@code i}: completed, running, queued or failed by turns. */
    private static List<StatusEvent> jobHistory(int i) {
        Instant created = Instant.parse("2026-01-01T10:00:00Z").plusSeconds(i);
        StatusEvent queued = StatusEvent.queued(new JobMessage(UUID.randomUUID(), MediaType.VIDEO, null, "film " + i,
                null, Priority.URGENT, Map.of(), "default", created, null, null));
        StatusEvent running = queued.next().state(JobState.RUNNING).attempt(1).seq(0).startedAt(created.plusSeconds(1))
                .workerId("worker-" + i % 4).at(created.plusSeconds(1));
        StatusEvent progress = running.next().seq(1).progress(60).message("Rendering").at(created.plusSeconds(2));
        return switch (i % 4) {
            case 0 -> List.of(queued, running, progress, progress.next().state(JobState.COMPLETED).seq(2).progress(100)
                    .result(new JobResult("/exports/" + queued.jobId() + ".mp4", "video/mp4", 1234, Map.of()))
                    .completedAt(created.plusSeconds(3)).at(created.plusSeconds(3)));
            case 1 -> List.of(queued, running, progress);
            case 2 -> List.of(queued);
            default -> List.of(queued, running, running.next().state(JobState.FAILED).seq(1)
                    .error(ErrorType.TRANSIENT, "backend unavailable").completedAt(created.plusSeconds(2))
                    .at(created.plusSeconds(2)));
        };
    }

    private static List<StatusEvent> runAndComplete(StatusEvent queued, int attempt) {
        Instant now = Instant.now();
        StatusEvent running = queued.next().state(JobState.RUNNING).attempt(attempt).seq(0).startedAt(now).at(now);
        StatusEvent completed = running.next().state(JobState.COMPLETED).seq(1).progress(100).completedAt(now)
                .result(new JobResult("/exports/" + queued.jobId() + ".png", "image/png", 42, Map.of())).at(now);
        return List.of(running, completed);
    }

    private static UUID startJob(RestTestClient http) {
        Map<String, Object> accepted = http.post().uri("/api/job/start").contentType(APPLICATION_JSON)
                .body("{\"media_type\":\"image\",\"user_input\":\"a cat\"}").exchange()
                .expectStatus().isAccepted().expectBody(JSON_OBJECT).returnResult().getResponseBody();
        return UUID.fromString((String) accepted.get("job_id"));
    }

    /** The readiness probe, on the management port. */
    private static EntityExchangeResult<Map<String, Object>> readiness(org.springframework.context.ApplicationContext context) {
        return RestTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + context.getEnvironment().getProperty("local.management.port")).build()
                .get().uri("/actuator/health/readiness").exchange().expectBody(JSON_OBJECT).returnResult();
    }

    private static RestTestClient client(org.springframework.context.ApplicationContext context) {
        return RestTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port")).build();
    }

    private static ConfigurableApplicationContext start(ApplicationListener<ApplicationStartedEvent> listener) {
        List<String> args = new ArrayList<>(broker.commandLineArguments());
        args.add("--server.port=0");
        args.add("--management.server.port=0");
        args.add("--management.endpoint.health.group.readiness.show-components=always");
        SpringApplicationBuilder builder = new SpringApplicationBuilder(GatewayApplication.class);
        if (listener != null) {
            builder.listeners(listener);
        }
        return builder.run(args.toArray(String[]::new));
    }
}
