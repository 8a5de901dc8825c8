package dev.mediaqueue.bench.scenario;

import dev.mediaqueue.bench.Bench;
import dev.mediaqueue.bench.Measurement;
import dev.mediaqueue.bench.Results;
import dev.mediaqueue.bench.Scenario;
import dev.mediaqueue.bench.Target;
import dev.mediaqueue.bench.load.GatewayApi;
import dev.mediaqueue.bench.load.Latencies;
import dev.mediaqueue.bench.process.AppProcess;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

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
            Duration limit = bench.scaled(Duration.ofSeconds(150), Duration.ofSeconds(30));
            Outcome warmup = run(main.api(), bench.scaled(250, 50), limit);
            bench.log("e2e warm-up: %d jobs at %.0f jobs/s", warmup.completed.sum(), warmup.perSecond());
            int jobs = bench.scaled(5000, 100);
            Outcome outcome = run(main.api(), jobs, limit);
            bench.log("e2e: %d of %d jobs completed, %d failed, in %.1f s: %.0f jobs/s; start %s; start→completed %s",
                    outcome.completed.sum(), jobs, outcome.failed.sum(), outcome.seconds(), outcome.perSecond(),
                    outcome.submit, outcome.startToCompleted);
            results.add(Measurement.of(NAME, "jobs/s, " + WORKERS + " workers", "jobs/s", outcome.perSecond())
                    .against(results.baseline(BrokerBaseline.NAME, BrokerBaseline.PREFETCH_1_RATE))
                    .target(Target.atLeast(1000)));
            results.add(Measurement.of(NAME, "start p50", "ms", outcome.submit.percentileMillis(50)));
            results.add(Measurement.of(NAME, "start p99", "ms", outcome.submit.percentileMillis(99)));
            results.add(Measurement.of(NAME, "start→completed p50", "ms", outcome.startToCompleted.percentileMillis(50)));
            results.add(Measurement.of(NAME, "start→completed p99", "ms", outcome.startToCompleted.percentileMillis(99)));
            results.add(Measurement.of(NAME, "jobs not completed", "", jobs - outcome.completed.sum()).target(Target.atMost(0)));
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
        String etag = null;
        while (System.nanoTime() < deadline) {
            Thread.sleep(POLL_INTERVAL.toMillis());
            GatewayApi.Answer answer = api.status(id.get(), etag);
            if (answer.code() != 200) {
                continue;
            }
            GatewayApi.Status status = answer.status();
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
        outcome.failed.increment();
    }

    private static final class Outcome {
        final long started = System.nanoTime();
        final AtomicLong ended = new AtomicLong(started);
        final LongAdder completed = new LongAdder();
        final LongAdder failed = new LongAdder();
        final Latencies submit = new Latencies();
        final Latencies startToCompleted = new Latencies();

        double seconds() {
            return (ended.get() - started) / 1e9;
        }

        double perSecond() {
            return seconds() == 0 ? 0 : completed.sum() / seconds();
        }
    }
}
