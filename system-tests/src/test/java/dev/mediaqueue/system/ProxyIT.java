package dev.mediaqueue.system;

import dev.mediaqueue.model.WireFormat;
import dev.mediaqueue.testing.EventStreamClient;
import dev.mediaqueue.testing.EventStreamClient.Event;
import dev.mediaqueue.testing.RabbitBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway behind a proxy that cuts any request getting no bytes for {@value #PROXY_READ_TIMEOUT_S} s,
 * as Cloudflare does after 100 s: nginx with {@code proxy_read_timeout 5s} and default buffering. A job
 * that lasts several times that long, most of it without any change, is followed to its end by an event
 * stream, by long polls and by plain polls, with no 504.
 *
 * <p>The gateway is configured as a deployment behind such a proxy must be: long polls held at most
 * 4 s and a heartbeat every 2 s on event streams, both below the proxy's read timeout.
 */
class ProxyIT {

    static final int PROXY_READ_TIMEOUT_S = 5;

    @TempDir
    static Path results;

    @TempDir
    static Path nginxDir;

    private static RabbitBroker broker;
    private static AppProcess gateway;
    private static AppProcess worker;
    private static Nginx nginx;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startSystem() {
        broker = RabbitBroker.create();
        List<String> args = new ArrayList<>(broker.commandLineArguments());
        args.add("--mediaqueue.results.dir=" + results.toAbsolutePath());
        List<String> gatewayArgs = new ArrayList<>(args);
        gatewayArgs.addAll(List.of("--mediaqueue.delivery.max-wait=4s", "--mediaqueue.delivery.sse-heartbeat=2s"));
        gateway = AppProcess.gateway("gateway", gatewayArgs).awaitReady(Duration.ofSeconds(180));
        worker = AppProcess.worker("worker", args).awaitReady(Duration.ofSeconds(180));
        nginx = Nginx.proxy(gateway.baseUrl(), Duration.ofSeconds(PROXY_READ_TIMEOUT_S), nginxDir);
    }

    @AfterAll
    static void stopSystem() {
        Stream.of(nginx).filter(p -> p != null).forEach(Nginx::close);
        Stream.of(worker, gateway).filter(p -> p != null).forEach(AppProcess::close);
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void eventStreamLongPollsAndPlainPollsAllSeeTheLongJobCompleteWithoutA504() throws Exception {
        // the job waits ~12 s behind another one, during which nothing about it changes, then runs 6 s
        start("image", 12_000);
        String job = start("image", 6_000);
        long started = System.nanoTime();

        EventStreamClient stream = EventStreamClient.open(http, nginx.baseUrl() + "/api/job/" + job + "/events", Map.of());
        long opened = System.currentTimeMillis();
        CompletableFuture<List<Exchange>> longPolls = CompletableFuture.supplyAsync(() -> followByLongPolls(job));
        CompletableFuture<List<Exchange>> polls = CompletableFuture.supplyAsync(() -> followByPolling(job));

        List<Exchange> longPolled = longPolls.get();
        List<Exchange> polled = polls.get();
        await("the event stream's end").atMost(Duration.ofSeconds(60)).until(stream::ended);
        Duration followed = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("followed for %d ms; event stream: %d events, %d heartbeats, largest silence %d ms;"
                        + " long polls: %s; plain polls: %s%n", followed.toMillis(), stream.events().size(), stream.comments().size(),
                largestSilence(stream.events(), stream.comments()).toMillis(), summary(longPolled), summary(polled));
        assertThat(followed).as("the job lasted several proxy timeouts").isGreaterThan(Duration.ofSeconds(3L * PROXY_READ_TIMEOUT_S));

        // event stream: one connection, passed on unbuffered, kept alive by heartbeats, closed cleanly after the end
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.failed()).as("the stream was not cut").isFalse();
        List<Event> events = stream.events();
        assertThat(json(events.get(events.size() - 1).data()).get("status").asString()).isEqualTo("completed");
        assertThat(events.get(0).receivedAtMillis() - opened).as("the snapshot came at once, not buffered").isLessThan(3000);
        assertThat(events).anyMatch(e -> e.id().contains("-running"));
        assertThat(stream.comments()).as("heartbeats while the job waited").hasSizeGreaterThanOrEqualTo(3);
        assertThat(largestSilence(events, stream.comments())).isLessThan(Duration.ofSeconds(PROXY_READ_TIMEOUT_S));

        // long polls: held by the gateway (304 after 4 s) while nothing changed, answered at once when something did
        assertThat(longPolled).extracting(Exchange::status).containsOnly(200, 304).contains(304);
        assertThat(longPolled).filteredOn(e -> e.status() == 304).allMatch(e -> e.took().compareTo(Duration.ofMillis(3500)) > 0);
        assertThat(finalStatus(longPolled)).isEqualTo("completed");

        // plain polls
        assertThat(polled).extracting(Exchange::status).containsOnly(200, 304);
        assertThat(finalStatus(polled)).isEqualTo("completed");

        assertThat(nginx.accessLog()).filteredOn(line -> line.contains(job)).isNotEmpty()
                .noneMatch(line -> line.contains("\" 504 "));
    }

    @Test
    void theProxyReallyCutsARequestHeldLongerThanItsReadTimeout() {
        // Prefer: wait is capped at 60 s, fit for Cloudflare's 100 s but not for this proxy's 5 s
        HttpResponse<String> held = send(HttpRequest.newBuilder(URI.create(nginx.baseUrl() + "/api/job/start"))
                .header("Content-Type", "application/json").header("Prefer", "wait=20")
                .POST(HttpRequest.BodyPublishers.ofString(job("audio", 15_000))).timeout(Duration.ofSeconds(60)).build());

        assertThat(held.statusCode()).isEqualTo(504);
    }

    record Exchange(int status, Duration took, JsonNode body) {
    }

    /** What a long-polling client does: {@code ?wait=30} with the last ETag, again and again until the end. */
    private List<Exchange> followByLongPolls(String job) {
        List<Exchange> seen = new CopyOnWriteArrayList<>();
        String etag = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && !isTerminal(seen)) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(nginx.baseUrl() + "/api/job/" + job + "/status?wait=30"))
                    .timeout(Duration.ofSeconds(60));
            if (etag != null) {
                request.header("If-None-Match", etag);
            }
            long before = System.nanoTime();
            HttpResponse<String> answer = send(request.build());
            seen.add(new Exchange(answer.statusCode(), Duration.ofNanos(System.nanoTime() - before),
                    answer.statusCode() == 200 ? json(answer.body()) : null));
            etag = answer.headers().firstValue("ETag").orElse(etag);
        }
        return seen;
    }

    /** What a plain polling client does: a conditional GET about every second (the advised pace while running). */
    private List<Exchange> followByPolling(String job) {
        List<Exchange> seen = new CopyOnWriteArrayList<>();
        String[] etag = {null};
        await("plain polls see the end").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(nginx.baseUrl() + "/api/job/" + job + "/status"))
                    .timeout(Duration.ofSeconds(30));
            if (etag[0] != null) {
                request.header("If-None-Match", etag[0]);
            }
            long before = System.nanoTime();
            HttpResponse<String> answer = send(request.build());
            seen.add(new Exchange(answer.statusCode(), Duration.ofNanos(System.nanoTime() - before),
                    answer.statusCode() == 200 ? json(answer.body()) : null));
            etag[0] = answer.headers().firstValue("ETag").orElse(etag[0]);
            return isTerminal(seen);
        });
        return seen;
    }

    private static boolean isTerminal(List<Exchange> seen) {
        String status = finalStatus(seen);
        return status != null && List.of("completed", "failed", "cancelled").contains(status);
    }

    private static String finalStatus(List<Exchange> seen) {
        return seen.stream().filter(e -> e.body() != null).reduce((a, b) -> b).map(e -> e.body().get("status").asString()).orElse(null);
    }

    private static String summary(List<Exchange> exchanges) {
        return exchanges.stream().collect(java.util.stream.Collectors.groupingBy(Exchange::status, java.util.TreeMap::new,
                java.util.stream.Collectors.counting())).toString();
    }

    /** The longest time the stream's client got no bytes, from its first event to its last. */
    private static Duration largestSilence(List<Event> events, List<Long> comments) {
        List<Long> arrivals = new ArrayList<>(comments);
        events.forEach(e -> arrivals.add(e.receivedAtMillis()));
        arrivals.sort(Long::compare);
        long largest = 0;
        for (int i = 1; i < arrivals.size(); i++) {
            largest = Math.max(largest, arrivals.get(i) - arrivals.get(i - 1));
        }
        return Duration.ofMillis(largest);
    }

    private String start(String mediaType, int durationMs) {
        HttpResponse<String> accepted = send(HttpRequest.newBuilder(URI.create(nginx.baseUrl() + "/api/job/start"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(job(mediaType, durationMs))).timeout(Duration.ofSeconds(30)).build());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return json(accepted.body()).get("job_id").asString();
    }

    private static String job(String mediaType, int durationMs) {
        return """
                {"media_type":"%s","config_id":"demo","user_input":"through the proxy","params":{"duration_ms":%d}}"""
                .formatted(mediaType, durationMs);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String body) {
        return WireFormat.mapper().readTree(body);
    }
}
