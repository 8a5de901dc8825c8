package dev.mediaqueue.system;

import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.model.Topology;
import dev.mediaqueue.testing.BrokerConnections;
import dev.mediaqueue.testing.RabbitBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Broker connections closed by the broker (as a broker restart or a network failure does) lose no job
 * and run none twice: with {@code rabbitmqctl close_connection} on every connection of the test's vhost,
 * first while jobs wait with no worker running, then while workers run some and others wait. Each job
 * must end exactly once: one terminal event per job in the status stream, read from its first offset.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerConnectionIT {

    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration JOBS = Duration.ofSeconds(180);
    private static final int JOB_COUNT = 6;

    @TempDir
    static Path results;

    private static RabbitBroker broker;
    private static AppProcess gateway;
    private static GatewayClient client;
    private static StatusLog statusLog;
    private static final List<AppProcess> workers = new ArrayList<>();

    @BeforeAll
    static void startGateway() {
        broker = RabbitBroker.create();
        gateway = AppProcess.gateway("connection-gateway", args()).awaitReady(START);
        client = new GatewayClient(gateway.baseUrl());
        statusLog = StatusLog.open(broker);
    }

    @AfterAll
    static void stop() {
        workers.forEach(AppProcess::close);
        if (statusLog != null) {
            statusLog.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void jobsWaitingWhileEveryConnectionIsClosedAreAllCompletedOnceByWorkersStartedLater() {
        List<String> ids = startJobs(JOB_COUNT, 500);

        int closed = BrokerConnections.closeAll(broker, Set.of(statusLog.localPort()));
        assertThat(closed).as("connections closed in %s", broker.vhost()).isPositive();
        // the gateway reconnects: a start after the close is accepted and confirmed again
        ids.add(await("a start accepted after the close").atMost(START).pollInterval(Duration.ofMillis(500))
                .until(() -> client.start(WorkerCrashIT.job(MediaType.IMAGE, "after the close", 500)),
                        response -> response.statusCode() == 202)
                .body().replaceAll(".*\"job_id\":\"([^\"]+)\".*", "$1"));
        startWorkers("late-a", "late-b");

        assertEveryJobCompletedExactlyOnce(ids);
        assertThat(ids).allSatisfy(id -> assertThat(statusLog.terminalEventsOf(id).get(0).attempt()).isEqualTo(1));
    }

    @Test
    @Order(2)
    void jobsRunningAndWaitingWhenEveryConnectionIsClosedAllCompleteExactlyOnce() {
        if (workers.isEmpty()) {
            startWorkers("late-a", "late-b");
        }
        List<String> ids = startJobs(JOB_COUNT, 15_000);
        List<String> runningAtClose = await("two jobs running").atMost(JOBS).until(
                () -> ids.stream().filter(BrokerConnectionIT::isRunningNow).toList(), running -> running.size() == 2);

        int closed = BrokerConnections.closeAll(broker, Set.of(statusLog.localPort()));

        assertThat(closed).as("gateway and both workers").isGreaterThanOrEqualTo(3);
        assertEveryJobCompletedExactlyOnce(ids);
        // a job whose worker lost its channel mid-run was given back by the broker and ran again, once
        assertThat(runningAtClose).anySatisfy(id -> {
            assertThat(statusLog.terminalEventsOf(id).get(0).attempt()).isEqualTo(2);
            assertThat(statusLog.eventsOf(id)).filteredOn(e -> e.attempt() == 2 && e.state() == JobState.QUEUED)
                    .extracting(StatusEvent::message).contains("Requeued after a worker was lost");
        });
    }

    /** Whether the job's newest event says it runs, with some progress already. */
    private static boolean isRunningNow(String id) {
        List<StatusEvent> events = statusLog.eventsOf(id);
        return !events.isEmpty() && events.get(events.size() - 1).state() == JobState.RUNNING
                && events.get(events.size() - 1).progress() > 0;
    }

    private static List<String> startJobs(int count, int durationMs) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(client.startAccepted(WorkerCrashIT.job(MediaType.IMAGE, "connection test " + i, durationMs)));
        }
        return ids;
    }

    private static void assertEveryJobCompletedExactlyOnce(List<String> ids) {
        for (String id : ids) {
            await("job " + id + " completed").atMost(JOBS).pollInterval(Duration.ofMillis(250))
                    .until(() -> client.statusOf(id).get("status").asString(), "completed"::equals);
        }
        // nothing left to run anywhere (ready or unacknowledged), so no copy can end the job a second time
        await("job queue drained").atMost(JOBS)
                .until(() -> BrokerConnections.messagesIn(broker, Topology.jobQueue(MediaType.IMAGE)) == 0);
        statusLog.awaitCaughtUp(JOBS);
        for (String id : ids) {
            List<StatusEvent> terminal = statusLog.terminalEventsOf(id);
            assertThat(terminal).as("terminal events of %s", id).hasSize(1);
            assertThat(terminal.get(0).state()).isEqualTo(JobState.COMPLETED);
        }
        assertThat(statusLog.takeDeadLetterIds()).isEmpty();
    }

    private static void startWorkers(String... ids) {
        List<AppProcess> started = new ArrayList<>();
        for (String id : ids) {
            List<String> args = new ArrayList<>(args());
            args.add("--mediaqueue.worker.id=" + id);
            args.add("--mediaqueue.worker.media-types=image");
            started.add(AppProcess.worker(id, args));
        }
        workers.addAll(started);
        started.forEach(worker -> worker.awaitReady(START));
    }

    private static List<String> args() {
        List<String> args = new ArrayList<>(broker.commandLineArguments());
        args.add("--mediaqueue.results.dir=" + results.toAbsolutePath());
        return args;
    }
}
