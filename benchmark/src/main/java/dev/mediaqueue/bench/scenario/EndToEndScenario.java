package dev.mediaqueue.bench.scenario;

import dev.mediaqueue.bench.Bench;
import dev.mediaqueue.bench.Measurement;
import dev.mediaqueue.bench.Results;
import dev.mediaqueue.bench.Scenario;
import dev.mediaqueue.bench.Target;
import dev.mediaqueue.bench.broker.RawBroker;
import com.rabbitmq.client.Connection;
import dev.mediaqueue.bench.load.GatewayApi;
import dev.mediaqueue.bench.load.Latencies;
import dev.mediaqueue.bench.process.AppProcess;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Whole jobs: 5,000 demo jobs of zero duration, started by concurrent clients, each client polling its
 * job to the end before starting the next; jobs per second, start latency, and start-to-completed
 * latency (the gateway's {@code created_at} to the worker's {@code completed_at}).
 */
public final class EndToEndScenario implements Scenario {

    public static final String NAME = "e2e";
    /** Worker processes, each consuming the audio queue (one job at a time each, as one GPU). */
    static final int WORKERS = 2;
    static final int CLIENTS = 32;
    static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    static final String MEDIA_TYPE = "audio";
    /** A job not ended this long after its start counts as stuck; its client moves on. */
    static final Duration JOB_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> baselines() {
        return List.of(BrokerBaseline.NAME);
    }

    @Override
    public void run(Bench bench, Results results) throws Exception {
        Bench.MainStack main = bench.main();
        List<AppProcess> workers = new ArrayList<>();
        try {
            for (int i = 1; i <= WORKERS; i++) {
                workers.add(bench.worker("e2e-worker-" + i, main.vhost(), "--mediaqueue.worker.media-types=" + MEDIA_TYPE));
            }
            // at the rate this 2-core machine reaches (30–50 jobs/s) 5,000 jobs would take the suite past its 10 minutes
            Duration limit = bench.scaled(Duration.ofSeconds(120), Duration.ofSeconds(60));
            Outcome warmup = run(main.api(), bench.scaled(250, 50), limit);
            bench.log("e2e warm-up: %d jobs at %.0f jobs/s", warmup.completed.sum(), warmup.perSecond());
            int jobs = bench.scaled(5000, 100);
            Outcome outcome = run(main.api(), jobs, limit);
            bench.log("e2e: %d of %d jobs completed, %d failed, %d stuck, %d cut by the %d s limit, in %.1f s: %.0f jobs/s; "
                            + "start %s; start→completed %s", outcome.completed.sum(), jobs, outcome.failed.sum(),
                    outcome.stuck.size(), outcome.cut.sum(), limit.toSeconds(), outcome.seconds(), outcome.perSecond(),
                    outcome.submit, outcome.startToCompleted);
            results.add(Measurement.of(NAME, "jobs/s, " + WORKERS + " workers", "jobs/s", outcome.perSecond())
                    .against(results.baseline(BrokerBaseline.NAME, BrokerBaseline.PREFETCH_1_RATE))
                    .target(Target.atLeast(1000)));
            results.add(Measurement.of(NAME, "start p50", "ms", outcome.submit.percentileMillis(50)));
            results.add(Measurement.of(NAME, "start p99", "ms", outcome.submit.percentileMillis(99)));
            results.add(Measurement.of(NAME, "start→completed p50", "ms", outcome.startToCompleted.percentileMillis(50)));
            results.add(Measurement.of(NAME, "start→completed p99", "ms", outcome.startToCompleted.percentileMillis(99)));
            results.add(Measurement.of(NAME, "jobs failed or stuck > " + JOB_TIMEOUT.toSeconds() + " s", "",
                    outcome.failed.sum()).target(Target.atMost(0)));
            if (outcome.cut.sum() > 0) {
                results.add(Measurement.of(NAME, "jobs not done within the " + limit.toSeconds() + " s limit", "",
                        jobs - outcome.completed.sum() - outcome.failed.sum()));
            }
            if (!outcome.stuck.isEmpty()) {
                reportStuck(bench, results, main, outcome);
            }
            recordStreamOrder(bench, results, main, outcome);
        } finally {
            workers.forEach(AppProcess::close);
            bench.clearAppResults();
        }
    }

    private static Outcome run(GatewayApi api, int jobs, Duration limit) throws InterruptedException {
        Outcome outcome = new Outcome();
        AtomicInteger toStart = new AtomicInteger(jobs);
        long deadline = System.nanoTime() + limit.toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Thread client = new Thread(() -> {
                while (toStart.getAndDecrement() > 0 && System.nanoTime() < deadline) {
                    try {
                        oneJob(api, outcome, deadline);
                    } catch (IOException e) {
                        outcome.failed.increment();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }, "e2e-client-" + i);
            client.setDaemon(true);
            clients.add(client);
        }
        clients.forEach(Thread::start);
        for (Thread client : clients) {
            client.join();
        }
        return outcome;
    }

    private static void oneJob(GatewayApi api, Outcome outcome, long deadline) throws IOException, InterruptedException {
        long sent = System.nanoTime();
        Optional<UUID> id = api.start(MEDIA_TYPE, Map.of());
        outcome.submit.recordNanos(System.nanoTime() - sent);
        if (id.isEmpty()) {
            outcome.failed.increment();
            return;
        }
        outcome.jobIds.add(id.get());
        String etag = null;
        GatewayApi.Status last = null;
        long giveUp = Math.min(deadline, System.nanoTime() + JOB_TIMEOUT.toNanos());
        while (System.nanoTime() < giveUp) {
            Thread.sleep(POLL_INTERVAL.toMillis());
            GatewayApi.Answer answer = api.status(id.get(), etag);
            if (answer.code() != 200) {
                continue;
            }
            GatewayApi.Status status = answer.status();
            last = status;
            etag = status.etag();
            if (status.isTerminal()) {
                outcome.ended.accumulateAndGet(System.nanoTime(), Math::max);
                if (status.state().equals("completed")) {
                    outcome.completed.increment();
                    outcome.startToCompleted.recordNanos(Duration.between(status.createdAt(), status.completedAt()).toNanos());
                } else {
                    outcome.failed.increment();
                }
                return;
            }
        }
        if (System.nanoTime() >= deadline) {
            outcome.cut.increment();
            return;
        }
        outcome.failed.increment();
        outcome.stuck.add(new Stuck(id.get(), last == null ? "never seen" : last.state() + " " + last.etag()));
    }

    /**
     * Reads the run's jobs back from the status stream and counts those whose worker events the stream
     * holds out of order (a later event before an earlier one), and among them those whose terminal
     * event came before their {@code running} event: a gateway drops such a terminal event as an
     * illegal move from {@code queued} and then shows the job running for ever.
     */
    private static void recordStreamOrder(Bench bench, Results results, Bench.MainStack main, Outcome outcome) throws Exception {
        Map<UUID, List<String>> order;
        try (Connection connection = main.vhost().connect("bench-stream-order")) {
            order = new RawBroker(connection).streamOrder(outcome.jobIds, Duration.ofSeconds(60));
        }
        long reordered = order.values().stream().filter(EndToEndScenario::isOutOfOrder).count();
        long terminalFirst = order.values().stream().filter(EndToEndScenario::isTerminalBeforeRunning).count();
        List<String> examples = order.entrySet().stream().filter(e -> isOutOfOrder(e.getValue())).limit(3)
                .map(e -> e.getKey() + ": " + e.getValue()).toList();
        bench.log("e2e: %d of %d jobs have their events out of order in the stream, %d with the terminal event before "
                + "running; e.g. %s", reordered, order.size(), terminalFirst, examples);
        results.add(Measurement.of(NAME, "jobs with events out of order in the stream", "", reordered).target(Target.atMost(0)));
        results.add(Measurement.of(NAME, "jobs with terminal event before running", "", terminalFirst).target(Target.atMost(0)));
        results.detail("e2e_stream_order_examples", examples);
    }

    /** Whether the worker events (attempt ≥ 1) of a job, in stream order, do not have rising seq numbers. */
    static boolean isOutOfOrder(List<String> events) {
        long last = -1;
        for (String event : events) {
            long[] attemptSeq = attemptSeq(event);
            if (attemptSeq[0] >= 1) {
                if (attemptSeq[1] <= last) {
                    return true;
                }
                last = attemptSeq[1];
            }
        }
        return false;
    }

    static boolean isTerminalBeforeRunning(List<String> events) {
        for (String event : events) {
            if (event.startsWith("running(")) {
                return false;
            }
            if (event.startsWith("completed(") || event.startsWith("failed(") || event.startsWith("cancelled(")) {
                return true;
            }
        }
        return false;
    }

    /** {@code completed(1,4)} → {1, 4}. */
    private static long[] attemptSeq(String event) {
        String[] numbers = event.substring(event.indexOf('(') + 1, event.indexOf(')')).split(",");
        return new long[] {Long.parseLong(numbers[0]), Long.parseLong(numbers[1])};
    }

    /** A job that did not end in time, and the last status its client saw. */
    record Stuck(UUID jobId, String lastSeen) {
    }

    /**
     * Says what the stuck jobs look like now and whether the gateway still applies what arrives on its
     * status stream (a probe event published now must show within seconds).
     */
    private static void reportStuck(Bench bench, Results results, Bench.MainStack main, Outcome outcome) throws Exception {
        List<String> lines = new ArrayList<>();
        for (Stuck stuck : outcome.stuck.subList(0, Math.min(5, outcome.stuck.size()))) {
            GatewayApi.Answer now = main.api().status(stuck.jobId(), null);
            lines.add(stuck.jobId() + ": last seen " + stuck.lastSeen() + ", now "
                    + (now.code() == 200 ? now.status().state() + " " + now.status().etag() : "HTTP " + now.code()));
        }
        UUID probe = UUID.randomUUID();
        Jobs.publishCompleted(main.vhost(), List.of(probe));
        String alive;
        try {
            Jobs.awaitVisible(main.api(), List.of(probe), Duration.ofSeconds(15));
            alive = "a probe event published after the run showed in the gateway";
        } catch (IllegalStateException e) {
            alive = "a probe event published after the run did NOT show in the gateway within 15 s";
        }
        Map<UUID, List<String>> order;
        try (Connection connection = main.vhost().connect("bench-stream-order")) {
            order = new RawBroker(connection).streamOrder(outcome.stuck.stream().limit(5).map(Stuck::jobId)
                    .collect(Collectors.toSet()), Duration.ofSeconds(60));
        }
        bench.log("e2e: %d jobs did not end in time; %s; %s; their events in stream order: %s", outcome.stuck.size(),
                alive, lines, order);
        results.detail("e2e_stuck_jobs", Map.of("count", outcome.stuck.size(), "probe", alive, "examples", lines,
                "stream_order", order.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList()));
    }

    private static final class Outcome {
        final long started = System.nanoTime();
        final AtomicLong ended = new AtomicLong(started);
        final LongAdder completed = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder cut = new LongAdder();
        final Latencies submit = new Latencies();
        final Latencies startToCompleted = new Latencies();
        final List<Stuck> stuck = Collections.synchronizedList(new ArrayList<>());
        final java.util.Set<UUID> jobIds = java.util.concurrent.ConcurrentHashMap.newKeySet();

        double seconds() {
            return (ended.get() - started) / 1e9;
        }

        double perSecond() {
            return seconds() == 0 ? 0 : completed.sum() / seconds();
        }
    }
}
