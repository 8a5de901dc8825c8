package dev.mediaqueue.system;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.mediaqueue.deploy.MetricNames;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Topology;
import dev.mediaqueue.model.WireFormat;
import dev.mediaqueue.testing.RabbitBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Observability of a running system, gateway and worker as separate processes after a few real jobs
 * (completed of every type, failed permanently, one whose first worker was lost, and a message that is
 * no job): every metric the deploy/ dashboard and alerts use is
 * exported with real values, the apps export exactly the catalog's names, the queue health endpoint
 * reports the workers, and the worker's job log lines are JSON carrying the job's keys when the
 * structured-logs switch is on.
 */
class MetricsExportIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    static Path results;

    private static RabbitBroker broker;
    private static AppProcess gateway;
    private static AppProcess worker;
    private static GatewayClient client;
    private static final List<String> completedJobs = new ArrayList<>();
    private static String failedJob;
    private static String retriedJob;

    @BeforeAll
    static void runAFewJobs() {
        broker = RabbitBroker.create();
        gateway = AppProcess.gateway("metrics-gateway", args("--mediaqueue.gateway.queue-poll-interval=500ms"))
                .awaitReady(TIMEOUT);
        worker = AppProcess.worker("metrics-worker", args("--mediaqueue.worker.demo.duration=1500ms",
                        "--logging.structured.format.console=ecs"))
                .awaitReady(TIMEOUT);
        client = new GatewayClient(gateway.baseUrl());

        for (String type : List.of("image", "video", "audio")) {
            completedJobs.add(client.startAccepted(job(type, "normal", "{}")));
        }
        failedJob = client.startAccepted(job("image", "high", "{\"fail\":\"permanent\",\"duration_ms\":400}"));
        retriedJob = startAndLoseTheFirstWorker("audio");
        publishAMessageThatIsNoJob("image");
        completedJobs.forEach(id -> awaitStatus(id, "completed"));
        awaitStatus(failedJob, "failed");
        awaitStatus(retriedJob, "completed");
        await("malformed message dead-lettered").atMost(TIMEOUT).until(() ->
                PrometheusScrape.of(worker).sum("mediaqueue_jobs_dead_lettered_total", "reason", "malformed") == 1);
        // the gateway looks at the queues every 500 ms: wait until it has seen the worker on every queue
        await("worker seen on every queue").atMost(TIMEOUT).until(() -> {
            PrometheusScrape scrape = PrometheusScrape.of(gateway);
            return Stream.of("image", "video", "audio")
                    .allMatch(type -> scrape.sum("mediaqueue_queue_consumers", "media_type", type) == 1);
        });
    }

    @AfterAll
    static void stopSystem() {
        Stream.of(worker, gateway).filter(p -> p != null).forEach(AppProcess::close);
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsUseIsExported() {
        Set<String> exported = new TreeSet<>(MetricNames.namesIn(PrometheusScrape.of(gateway).text()));
        exported.addAll(MetricNames.namesIn(PrometheusScrape.of(worker).text()));

        assertThat(exported).containsAll(MetricNames.usedByDeploy(repoRoot()));
    }

    @Test
    void theAppsExportExactlyTheCatalogsNames() {
        Set<String> catalog = MetricNames.catalog(repoRoot());
        Set<String> exported = new TreeSet<>();
        for (AppProcess app : List.of(gateway, worker)) {
            for (String name : MetricNames.namesIn(PrometheusScrape.of(app).text())) {
                // a histogram also exports its largest recent value as <name>_max
                boolean histogramMax = name.endsWith("_max") && catalog.contains(name.substring(0, name.length() - 4));
                if (!histogramMax) {
                    exported.add(name);
                }
            }
        }

        assertThat(exported).containsExactlyInAnyOrderElementsOf(catalog);
    }

    @Test
    void jobMetricsHaveRealValuesAfterTheJobs() {
        PrometheusScrape gatewayMetrics = PrometheusScrape.of(gateway);
        PrometheusScrape workerMetrics = PrometheusScrape.of(worker);

        assertThat(gatewayMetrics.sum("mediaqueue_jobs_submitted_total")).isEqualTo(5);
        assertThat(gatewayMetrics.sum("mediaqueue_jobs_submitted_total", "media_type", "image", "priority", "high")).isEqualTo(1);
        assertThat(gatewayMetrics.sum("mediaqueue_publish_confirm_seconds_count", "kind", "job")).isEqualTo(5);
        assertThat(gatewayMetrics.sum("mediaqueue_jobs", "state", "completed")).isEqualTo(4);
        assertThat(gatewayMetrics.sum("mediaqueue_jobs", "state", "failed")).isEqualTo(1);
        assertThat(gatewayMetrics.sum("mediaqueue_status_cache_size_jobs")).isEqualTo(5);
        assertThat(gatewayMetrics.sum("mediaqueue_status_events_applied_total")).isGreaterThan(8);
        assertThat(gatewayMetrics.sum("mediaqueue_status_replay_caught_up")).isEqualTo(1);
        assertThat(gatewayMetrics.sum("mediaqueue_status_replay_seconds")).isPositive();
        assertThat(gatewayMetrics.sum("mediaqueue_queue_depth_messages")).isZero();

        for (String type : List.of("image", "video", "audio")) {
            assertThat(workerMetrics.sum("mediaqueue_jobs_finished_total", "media_type", type, "outcome", "completed"))
                    .as("%s jobs completed", type).isPositive();
            assertThat(workerMetrics.sum("mediaqueue_job_run_seconds_count", "media_type", type, "outcome", "completed"))
                    .as("%s run times", type).isPositive();
            assertThat(workerMetrics.sum("mediaqueue_job_run_seconds_sum", "media_type", type, "outcome", "completed"))
                    .as("%s run time", type).isGreaterThan(1.0);
        }
        assertThat(workerMetrics.sum("mediaqueue_jobs_finished_total", "outcome", "completed")).isEqualTo(4);
        assertThat(workerMetrics.sum("mediaqueue_job_queue_wait_seconds_count")).isEqualTo(5);
        assertThat(workerMetrics.sum("mediaqueue_jobs_retried_total", "media_type", "audio")).isEqualTo(1);
        assertThat(workerMetrics.sum("mediaqueue_jobs_dead_lettered_total", "media_type", "image", "reason", "malformed")).isEqualTo(1);
        assertThat(workerMetrics.sum("mediaqueue_jobs_finished_total", "media_type", "image", "outcome", "failed")).isEqualTo(1);
        assertThat(workerMetrics.sum("mediaqueue_generator_failures_total", "media_type", "image", "kind", "permanent")).isEqualTo(1);
        assertThat(workerMetrics.sum("mediaqueue_worker_busy")).isZero();
    }

    @Test
    void springsOwnHttpAndRabbitMetricsStayOn() {
        PrometheusScrape gatewayMetrics = PrometheusScrape.of(gateway);
        PrometheusScrape workerMetrics = PrometheusScrape.of(worker);

        assertThat(gatewayMetrics.has("http_server_requests_seconds_bucket", "uri", "/api/job/start")).isTrue();
        assertThat(workerMetrics.has("http_server_requests_seconds_count")).isTrue();
        assertThat(gatewayMetrics.sum("spring_rabbitmq_listener_seconds_count")).isPositive();
        assertThat(gatewayMetrics.sum("rabbitmq_published_total")).isPositive();
        assertThat(workerMetrics.sum("rabbitmq_published_total")).isPositive();
        assertThat(workerMetrics.sum("rabbitmq_consumed_total")).isPositive();
    }

    @Test
    void queueHealthShowsTheBrokerUpAndAWorkerOnEveryQueue() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/health/queue")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = WireFormat.mapper().readTree(response.body());
        assertThat(health.get("broker").asString()).isEqualTo("up");
        for (String type : List.of("image", "video", "audio")) {
            assertThat(health.get("queues").get(type).get("consumers").asInt()).as(type).isEqualTo(1);
            assertThat(health.get("queues").get(type).get("depth").asInt()).as(type).isZero();
        }
        assertThat(health.get("jobs").get("completed").asInt()).isEqualTo(4);
        assertThat(health.get("checked_at").isNull()).isFalse();
    }

    @Test
    void workerLogLinesAboutAJobAreJsonWithTheJobsKeys() throws IOException {
        List<JsonNode> lines = jsonLines(worker.logFile());
        List<JsonNode> aboutFailedJob = lines.stream()
                .filter(line -> line.toString().contains(failedJob))
                .toList();

        assertThat(aboutFailedJob).extracting(line -> line.get("message").asString())
                .anyMatch(message -> message.startsWith("Running the job with"))
                .anyMatch(message -> message.startsWith("The generator refused the job"))
                .anyMatch(message -> message.startsWith("Job attempt ended: failed"));
        assertThat(aboutFailedJob).allSatisfy(line -> {
            assertThat(line.get("job_id").asString()).isEqualTo(failedJob);
            assertThat(line.get("media_type").asString()).isEqualTo("image");
            assertThat(line.get("attempt").asString()).isEqualTo("1");
            assertThat(line.get("worker").asString()).isNotBlank();
        });
    }

    /** Every line of a log, each of which must be a JSON object once the app has started logging. */
    private static List<JsonNode> jsonLines(Path log) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.isBlank() || !line.startsWith("{") && lines.isEmpty()) {
                continue; // the JVM may print a warning before logging starts
            }
            assertThat(line).as("a log line of %s", log).startsWith("{");
            lines.add(WireFormat.mapper().readTree(line));
        }
        assertThat(lines).isNotEmpty();
        return lines;
    }

    /**
     * Starts a job while a consumer of higher priority than the worker waits on its queue: that consumer
     * takes the job and goes away without acknowledging it, as a worker that dies does, so the worker
     * gets it redelivered and runs it as the second attempt.
     */
    private static String startAndLoseTheFirstWorker(String mediaType) {
        try (Connection connection = broker.newConnection(); Channel lost = connection.createChannel()) {
            lost.basicQos(1);
            CompletableFuture<String> taken = new CompletableFuture<>();
            lost.basicConsume(Topology.jobQueue(MediaType.parse(mediaType).orElseThrow()), false, Map.of("x-priority", 10),
                    (tag, delivery) -> taken.complete(delivery.getProperties().getMessageId()), tag -> { });
            String jobId = client.startAccepted(job(mediaType, "normal", "{\"duration_ms\":300}"));
            assertThat(taken.get(30, TimeUnit.SECONDS)).isEqualTo(jobId);
            return jobId;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void publishAMessageThatIsNoJob(String mediaType) {
        try (Connection connection = broker.newConnection(); Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish(Topology.JOBS_EXCHANGE, mediaType, null, "not a job".getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(10_000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitStatus(String jobId, String status) {
        await("job " + jobId + " " + status).atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> status.equals(client.statusOf(jobId).get("status").asString()));
    }

    private static String job(String mediaType, String priority, String params) {
        return """
                {"media_type":"%s","config_id":"demo","user_input":"observability","priority":"%s","params":%s}"""
                .formatted(mediaType, priority, params);
    }

    private static List<String> args(String... more) {
        List<String> args = new ArrayList<>(broker.commandLineArguments());
        args.add("--mediaqueue.results.dir=" + results.toAbsolutePath());
        args.addAll(List.of(more));
        return args;
    }

    /** The repository root: the first directory upwards from {@code user.dir} that holds docs/metrics.md. */
    private static Path repoRoot() {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/metrics.md")) && Files.isDirectory(dir.resolve("deploy"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root above " + System.getProperty("user.dir"));
    }
}
