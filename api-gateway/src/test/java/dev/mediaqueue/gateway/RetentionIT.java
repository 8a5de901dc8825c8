package dev.mediaqueue.gateway;

import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.model.JobResult;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.StatusEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.http.MediaType.APPLICATION_JSON;

/**
 * After the retention a finished job is gone from everywhere on the gateway: its status, its result
 * files, the history, its batch and its Idempotency-Key. The gateway's clock is moved forward.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class RetentionIT {

    static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
    };
    static final Duration RETENTION = Duration.ofHours(24);
    static final Duration PATIENCE = Duration.ofSeconds(20);
    static final String BODY = "{\"media_type\":\"image\",\"user_input\":\"an old photo\"}";

    @RegisterExtension
    static final GatewayTestBed bed = new GatewayTestBed();
    static final MutableClock clock = MutableClock.startingNow();
    static final Path results = temporaryDirectory();

    @TestBean
    Clock gatewayClock;

    static Clock gatewayClock() {
        return clock;
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        bed.register(registry);
        registry.add("mediaqueue.results.dir", results::toString);
        registry.add("mediaqueue.retention.sweep-interval", () -> "200ms");
        registry.add("mediaqueue.retention.orphan-sweep-interval", () -> "200ms");
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    StatusCache cache;

    @Test
    @SuppressWarnings("unchecked")
    void finishedJobsAndTheirFilesAreGoneAfterTheRetentionAndNothingElseIs() throws Exception {
        RestTestClient http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        GatewayTestBed.awaitReady(managementPort);
        UUID keyed = UUID.fromString((String) http.post().uri("/api/job/start").header("Idempotency-Key", "photo-1")
                .contentType(APPLICATION_JSON).body(BODY).exchange()
                .expectStatus().isAccepted().expectBody(JSON_OBJECT).returnResult().getResponseBody().get("job_id"));
        Map<String, Object> batch = http.post().uri("/api/job/batch").contentType(APPLICATION_JSON)
                .body("{\"items\":[" + BODY + "," + BODY + "]}").exchange()
                .expectStatus().isAccepted().expectBody(JSON_OBJECT).returnResult().getResponseBody();
        String batchId = (String) batch.get("batch_id");
        List<UUID> jobs = new ArrayList<>(List.of(keyed));
        ((List<String>) batch.get("job_ids")).forEach(id -> jobs.add(UUID.fromString(id)));
        for (UUID jobId : jobs) {
            complete(jobId);
        }
        Path output = touch(results.resolve(keyed + ".png"), clock.instant());
        Path preview = touch(results.resolve(keyed + "-preview.jpg"), clock.instant());
        Path batchOutput = touch(results.resolve(jobs.get(1) + ".png"), clock.instant());
        Path unrelated = touch(results.resolve("notes.txt"), clock.instant().minus(Duration.ofDays(30)));
        Path oldOrphan = touch(results.resolve(UUID.randomUUID() + ".wav"),
                clock.instant().minus(RETENTION).minus(Duration.ofMinutes(61)));
        await().atMost(PATIENCE).until(() -> cache.jobsIn(JobState.COMPLETED) == 3);
        // the next search for orphans is due by the gateway's clock
        clock.advance(Duration.ofSeconds(1));
        await().atMost(PATIENCE).until(() -> !Files.exists(oldOrphan));
        http.get().uri("/api/jobs").exchange().expectBody().jsonPath("$.jobs.length()").isEqualTo(3);

        // a running job stays whatever its age
        UUID running = start(http, "{\"media_type\":\"video\",\"user_input\":\"still rendering\"}");
        bed.probe().publish(bed.probe().newestEvent(running).next().state(JobState.RUNNING).attempt(1).seq(0).at(clock.instant()));
        await().atMost(PATIENCE).until(() -> cache.jobsIn(JobState.RUNNING) == 1);
        Path runningPreview = touch(results.resolve(running + "-preview.jpg"), clock.instant());

        clock.advance(RETENTION.minus(Duration.ofMinutes(1)));
        await().during(Duration.ofSeconds(1)).atMost(PATIENCE).until(() -> cache.size() == 4 && Files.exists(output));

        clock.advance(Duration.ofMinutes(2));
        await().atMost(PATIENCE).until(() -> cache.size() == 1);
        await().atMost(PATIENCE).until(() -> !Files.exists(output) && !Files.exists(preview) && !Files.exists(batchOutput));
        assertThat(unrelated).exists();
        assertThat(runningPreview).exists();

        http.get().uri("/api/job/{id}/status", keyed).exchange().expectStatus().isNotFound();
        http.get().uri("/api/job/batch/{id}", batchId).exchange().expectStatus().isNotFound();
        http.get().uri("/api/jobs").exchange().expectBody()
                .jsonPath("$.jobs.length()").isEqualTo(1)
                .jsonPath("$.jobs[0].job_id").isEqualTo(running.toString());
        // the key is free again: a new job, not the forgotten one
        http.post().uri("/api/job/start").header("Idempotency-Key", "photo-1").contentType(APPLICATION_JSON)
                .body(BODY).exchange()
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.job_id").value(id -> assertThat(id).isNotEqualTo(keyed.toString()));
    }

    private void complete(UUID jobId) throws Exception {
        Instant now = clock.instant();
        StatusEvent running = bed.probe().newestEvent(jobId).next().state(JobState.RUNNING).attempt(1).seq(0).startedAt(now).at(now);
        bed.probe().publish(running, running.next().state(JobState.COMPLETED).seq(1).progress(100).completedAt(now)
                .result(new JobResult("/exports/" + jobId + ".png", "image/png", 3, Map.of())).at(now));
    }

    private static UUID start(RestTestClient http, String body) {
        return UUID.fromString((String) http.post().uri("/api/job/start").contentType(APPLICATION_JSON).body(body)
                .exchange().expectStatus().isAccepted().expectBody(JSON_OBJECT).returnResult().getResponseBody()
                .get("job_id"));
    }

    private static Path touch(Path file, Instant modified) throws IOException {
        Files.write(file, new byte[]{1, 2, 3});
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("mediaqueue-retention-it");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
