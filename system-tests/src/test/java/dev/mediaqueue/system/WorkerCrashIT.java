package dev.mediaqueue.system;

import dev.mediaqueue.model.ErrorType;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.model.Topology;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.testing.RabbitBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Crash safety with the gateway and two workers as separate JVMs on a real broker: a worker killed
 * with SIGKILL mid-job, a job whose workers keep getting killed, and SIGTERM with a long and a short
 * shutdown grace. Each test uses a media type of its own, so what one leaves queued no other sees.
 */
class WorkerCrashIT {

    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration JOB = Duration.ofSeconds(120);

    @TempDir
    static Path results;

    private static RabbitBroker broker;
    private static AppProcess gateway;
    private static GatewayClient client;
    private static StatusLog statusLog;

    private final Map<String, AppProcess> workers = new LinkedHashMap<>();

    @BeforeAll
    static void startGateway() {
        broker = RabbitBroker.create();
        gateway = AppProcess.gateway("crash-gateway", args()).awaitReady(START);
        client = new GatewayClient(gateway.baseUrl());
        statusLog = StatusLog.open(broker);
    }

    @AfterEach
    void killWorkers() {
        workers.values().stream().filter(AppProcess::isAlive).forEach(AppProcess::kill);
    }

    @AfterAll
    static void stopGateway() {
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
    void workerKilledMidJobLeavesTheJobToTheOtherWorkerWhichCompletesItAsAttemptTwo() {
        startWorkers(MediaType.IMAGE, "kill-a", "kill-b");
        String id = client.startAccepted(job(MediaType.IMAGE, "killed mid-job", 8_000));
        List<JsonNode> polled = new ArrayList<>();

        StatusEvent running = pollUntilEvent(id, polled, e -> e.state() == JobState.RUNNING && e.attempt() == 1 && e.progress() > 0);
        AppProcess victim = workers.get(running.workerId());
        victim.kill();
        JsonNode done = pollUntilTerminal(id, polled);

        assertThat(done.get("status").asString()).isEqualTo("completed");
        assertThat(done.get("attempt").asInt()).isEqualTo(2);
        String survivor = otherThan(running.workerId());
        statusLog.awaitCaughtUp(JOB);
        assertThat(statusLog.eventsOf(id)).filteredOn(e -> e.attempt() == 2)
                .allSatisfy(e -> assertThat(e.workerId()).isEqualTo(survivor))
                .anySatisfy(e -> assertThat(e.message()).isEqualTo("Requeued after a worker was lost"));
        assertThat(statusLog.terminalEventsOf(id)).hasSize(1);
        assertThat(polled).extracting(s -> s.get("attempt").asInt()).contains(1, 2);
        assertProgressNeverGoesBackwardsWithinAnAttempt(polled);
    }

    @Test
    void jobWhoseWorkersAreKilledMaxAttemptsTimesFailsAndIsDeadLettered() {
        startWorkers(MediaType.VIDEO, "doomed-1", "doomed-2");
        String id = client.startAccepted(job(MediaType.VIDEO, "kills every worker", 120_000));
        int kills = 0;

        for (int attempt = 1; attempt <= 3; attempt++) {
            int current = attempt;
            StatusEvent running = awaitEvent(id, e -> e.state() == JobState.RUNNING && e.attempt() == current);
            if (workers.values().stream().filter(AppProcess::isAlive).count() < 2) {
                // someone must be there to take the message back from the broker
                startWorkers(MediaType.VIDEO, "doomed-" + (workers.size() + 1));
            }
            workers.get(running.workerId()).kill();
            kills++;
        }

        JsonNode failed = await("job " + id + " failed").atMost(JOB).until(() -> client.statusOf(id),
                s -> "failed".equals(s.get("status").asString()));
        assertThat(kills).isEqualTo(3);
        assertThat(failed.get("error_type").asString()).isEqualTo(ErrorType.MAX_ATTEMPTS.wireName());
        assertThat(failed.get("error").asString())
                .isEqualTo("gave up after 3 attempts: the worker running it was lost each time");
        assertThat(failed.get("attempt").asInt()).isEqualTo(4);
        List<String> deadLetters = new ArrayList<>();
        await("dead letter of " + id).atMost(JOB).until(() -> {
            deadLetters.addAll(statusLog.takeDeadLetterIds());
            return deadLetters.contains(id);
        });
        assertThat(deadLetters).containsOnlyOnce(id);
        statusLog.awaitCaughtUp(JOB);
        assertThat(statusLog.terminalEventsOf(id)).hasSize(1);
        assertThat(statusLog.eventsOf(id)).filteredOn(e -> e.state() == JobState.RUNNING)
                .extracting(StatusEvent::attempt).containsOnly(1, 2, 3);
    }

    @Test
    void sigtermWithALongGraceLetsTheRunningJobFinishStopsTakingJobsAndExits() {
        // the phase time-out is far shorter than the job: the grace must not depend on it
        startWorkers(MediaType.AUDIO, List.of("--mediaqueue.worker.shutdown-grace=90s",
                "--spring.lifecycle.timeout-per-shutdown-phase=1s"), "drain");
        AppProcess worker = workers.get("drain");
        String id = client.startAccepted(job(MediaType.AUDIO, "finish before leaving", 8_000));
        List<JsonNode> polled = new ArrayList<>();
        pollUntilEvent(id, polled, e -> e.state() == JobState.RUNNING && e.progress() > 0);

        worker.terminate();
        await("consumer cancelled").atMost(JOB).until(() -> statusLog.consumersOf(Topology.jobQueue(MediaType.AUDIO)) == 0);
        String later = client.startAccepted(job(MediaType.AUDIO, "arrives while the worker drains", 0));
        worker.awaitExit(JOB);

        statusLog.awaitCaughtUp(JOB);
        List<StatusEvent> terminal = statusLog.terminalEventsOf(id);
        assertThat(terminal).hasSize(1);
        assertThat(terminal.get(0).state()).isEqualTo(JobState.COMPLETED);
        assertThat(terminal.get(0).attempt()).isEqualTo(1);
        assertThat(terminal.get(0).workerId()).isEqualTo("drain");
        assertThat(client.statusOf(id).get("status").asString()).isEqualTo("completed");
        assertThat(statusLog.eventsOf(later)).extracting(StatusEvent::state).containsOnly(JobState.QUEUED);
        assertThat(client.statusOf(later).get("status").asString()).isEqualTo("queued");
        assertThat(worker.logContains("handing")).isFalse();
    }

    @Test
    void sigtermWithAShortGraceHandsTheJobBackToTheOtherWorkerWhichCompletesItAsAttemptTwo() {
        startWorkers(MediaType.IMAGE, List.of("--mediaqueue.worker.shutdown-grace=2s"), "brief-a", "brief-b");
        String id = client.startAccepted(job(MediaType.IMAGE, "handed back", 20_000));
        List<JsonNode> polled = new ArrayList<>();

        StatusEvent running = pollUntilEvent(id, polled, e -> e.state() == JobState.RUNNING && e.attempt() == 1 && e.progress() > 0);
        AppProcess stopping = workers.get(running.workerId());
        stopping.terminate();
        JsonNode done = pollUntilTerminal(id, polled);
        stopping.awaitExit(JOB);

        assertThat(done.get("status").asString()).isEqualTo("completed");
        assertThat(done.get("attempt").asInt()).isEqualTo(2);
        statusLog.awaitCaughtUp(JOB);
        List<StatusEvent> events = statusLog.eventsOf(id);
        assertThat(events).filteredOn(e -> e.attempt() == 2 && e.state() == JobState.QUEUED)
                .extracting(StatusEvent::message).containsExactly("Handed back: worker shutting down");
        assertThat(events).filteredOn(e -> e.attempt() == 2 && e.state() != JobState.QUEUED)
                .allSatisfy(e -> assertThat(e.workerId()).isEqualTo(otherThan(running.workerId())));
        assertThat(events).filteredOn(e -> e.attempt() == 1).extracting(StatusEvent::state).containsOnly(JobState.RUNNING);
        assertThat(statusLog.terminalEventsOf(id)).hasSize(1);
        assertProgressNeverGoesBackwardsWithinAnAttempt(polled);
    }

    private void startWorkers(MediaType type, String... ids) {
        startWorkers(type, List.of(), ids);
    }

    /** Starts the workers together (a JVM start is slow here) and waits until all are ready. */
    private void startWorkers(MediaType type, List<String> extra, String... ids) {
        List<AppProcess> started = new ArrayList<>();
        for (String id : ids) {
            List<String> args = new ArrayList<>(args());
            args.add("--mediaqueue.worker.id=" + id);
            args.add("--mediaqueue.worker.media-types=" + type.wireName());
            args.add("--mediaqueue.worker.progress-interval=100ms");
            args.addAll(extra);
            AppProcess worker = AppProcess.worker(id, args);
            workers.put(id, worker);
            started.add(worker);
        }
        started.forEach(worker -> worker.awaitReady(START));
    }

    private String otherThan(String workerId) {
        return workers.keySet().stream().filter(id -> !id.equals(workerId)).findFirst().orElseThrow();
    }

    /** Polls the gateway every 100 ms, keeping what it answers, until the status stream holds a matching event. */
    private static StatusEvent pollUntilEvent(String id, List<JsonNode> polled, Predicate<StatusEvent> matching) {
        return await("event of " + id).atMost(JOB).pollInterval(Duration.ofMillis(100)).until(() -> {
            polled.add(client.statusOf(id));
            return statusLog.eventsOf(id).stream().filter(matching).findFirst();
        }, Optional::isPresent).get();
    }

    private static StatusEvent awaitEvent(String id, Predicate<StatusEvent> matching) {
        return pollUntilEvent(id, new ArrayList<>(), matching);
    }

    private static JsonNode pollUntilTerminal(String id, List<JsonNode> polled) {
        return await("end of " + id).atMost(JOB).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode status = client.statusOf(id);
            polled.add(status);
            return status;
        }, s -> List.of("completed", "failed", "cancelled").contains(s.get("status").asString()));
    }

    /** Progress restarts with a new attempt; within one attempt it never goes backwards. */
    static void assertProgressNeverGoesBackwardsWithinAnAttempt(List<JsonNode> polled) {
        int attempt = -1;
        int last = -1;
        for (JsonNode status : polled) {
            int currentAttempt = status.get("attempt").asInt();
            assertThat(currentAttempt).as("attempt after %d in %s", attempt, status).isGreaterThanOrEqualTo(attempt);
            if (currentAttempt != attempt) {
                attempt = currentAttempt;
                last = -1;
            }
            int progress = status.get("progress").asInt();
            assertThat(progress).as("progress after %d within attempt %d in %s", last, attempt, status)
                    .isGreaterThanOrEqualTo(last);
            last = progress;
        }
    }

    static String job(MediaType type, String prompt, int durationMs) {
        return """
                {"media_type":"%s","config_id":"demo","user_input":"%s","params":{"duration_ms":%d}}"""
                .formatted(type.wireName(), prompt, durationMs);
    }

    private static List<String> args() {
        List<String> args = new ArrayList<>(broker.commandLineArguments());
        args.add("--mediaqueue.results.dir=" + results.toAbsolutePath());
        return args;
    }
}
