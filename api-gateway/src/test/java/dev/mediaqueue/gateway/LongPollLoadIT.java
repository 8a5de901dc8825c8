package dev.mediaqueue.gateway;

import dev.mediaqueue.gateway.delivery.StatusWaiters;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.model.WireFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A thousand browsers long-polling at once: the gateway holds them all without a thread each (it has
 * only {@value #REQUEST_THREADS} request threads here) and answers every one when its job moves.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        "server.tomcat.threads.max=" + LongPollLoadIT.REQUEST_THREADS,
        "server.tomcat.threads.min-spare=2"})
@DirtiesContext
class LongPollLoadIT {

    static final int REQUEST_THREADS = 20;
    static final int POLLS = 1000;

    @RegisterExtension
    static final GatewayTestBed bed = new GatewayTestBed();
    // known ports: the API's request threads are told from the management server's by the port in their name
    static final int API_PORT = freePort();
    static final int MANAGEMENT_PORT = freePort();

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        bed.register(registry);
        registry.add("server.port", () -> API_PORT);
        registry.add("management.server.port", () -> MANAGEMENT_PORT);
        // a thousand polls from one address at once: this test measures holding them, not the poll budget
        registry.add("mediaqueue.security.open-limits.polls-per-second", () -> 0);
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    StatusWaiters waiters;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(20)).build();

    @Test
    void aThousandWaitingPollsAreHeldWithTwentyThreadsAndAllAnsweredWhenTheirJobsMove() throws Exception {
        GatewayTestBed.awaitReady(managementPort);
        // one job per media type: each first in its queue, so only its own start changes what its pollers see
        List<UUID> jobs = new ArrayList<>();
        for (MediaType type : MediaType.values()) {
            jobs.add(start(type));
        }
        // positions settle within a refresh; the polls must hold the final ETag of each job
        await().atMost(Duration.ofSeconds(10)).until(() -> jobs.stream().allMatch(id -> !status(id).get("queue_position").isNull()));
        List<String> etags = jobs.stream().map(id -> send(get(statusPath(id), null)).headers().firstValue("ETag").orElseThrow()).toList();

        List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
        for (int i = 0; i < POLLS; i++) {
            int job = i % jobs.size();
            polls.add(http.sendAsync(get(statusPath(jobs.get(job)) + "?wait=30", etags.get(job)), HttpResponse.BodyHandlers.ofString()));
        }
        long sending = System.nanoTime();
        await("all polls held").atMost(Duration.ofSeconds(60)).until(() -> waiters.size() == POLLS);
        System.out.printf("%d polls held after %d ms%n", POLLS, (System.nanoTime() - sending) / 1_000_000);
        assertThat(polls).noneMatch(CompletableFuture::isDone);
        assertThat(requestThreads()).as("request threads while %d polls wait", POLLS).isLessThanOrEqualTo(REQUEST_THREADS);

        List<StatusEvent> running = new ArrayList<>();
        for (StatusEvent queued : bed.probe().statusEvents()) {
            if (jobs.contains(queued.jobId())) {
                running.add(queued.next().state(JobState.RUNNING).attempt(1).seq(0).progress(1).workerId("w")
                        .startedAt(queued.createdAt().plusSeconds(1)).at(queued.createdAt().plusSeconds(1)));
            }
        }
        long publishing = System.nanoTime();
        bed.probe().publish(running);

        // a poll that was not woken would answer 304 after its 30 s
        CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        System.out.printf("%d polls answered %d ms after the events were published%n", POLLS, (System.nanoTime() - publishing) / 1_000_000);
        for (CompletableFuture<HttpResponse<String>> poll : polls) {
            HttpResponse<String> answer = poll.join();
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(WireFormat.mapper().readTree(answer.body()).get("status").asString()).isEqualTo("running");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> waiters.size() == 0);
    }

    /** The API server's request threads, not the management server's. */
    private static long requestThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("http-nio-" + API_PORT + "-exec")).count();
    }

    private UUID start(MediaType type) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/api/job/start"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"media_type\":\"" + type.wireName() + "\",\"user_input\":\"a crowd\"}")).build();
        HttpResponse<String> accepted = send(request);
        assertThat(accepted.statusCode()).isEqualTo(202);
        return UUID.fromString(WireFormat.mapper().readTree(accepted.body()).get("job_id").asString());
    }

    private JsonNode status(UUID id) {
        return WireFormat.mapper().readTree(send(get(statusPath(id), null)).body());
    }

    private static String statusPath(UUID id) {
        return "/api/job/" + id + "/status";
    }

    private HttpRequest get(String path, String ifNoneMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(150)).GET();
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
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

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
