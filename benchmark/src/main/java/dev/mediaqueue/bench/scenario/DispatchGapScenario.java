package dev.mediaqueue.bench.scenario;

import dev.mediaqueue.bench.Bench;
import dev.mediaqueue.bench.Measurement;
import dev.mediaqueue.bench.Results;
import dev.mediaqueue.bench.Scenario;
import dev.mediaqueue.bench.Target;
import dev.mediaqueue.bench.load.GatewayApi;
import dev.mediaqueue.bench.process.AppProcess;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The GPU's idle time between jobs: 200 jobs of 50 ms each are started while no worker consumes their
 * queue, then one worker starts and runs them back to back.
 */
public final class DispatchGapScenario implements Scenario {

    public static final String NAME = "dispatch";
    static final Duration JOB = Duration.ofMillis(50);
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
        int jobs = bench.scaled(200, 20);
        Map<String, Object> params = Map.of("duration_ms", JOB.toMillis());
        List<GatewayApi.Status> statuses;
        try (AppProcess worker = bench.worker("dispatch-worker", main.vhost(), "--mediaqueue.worker.media-types=" + MEDIA_TYPE)) {
            // a warm worker, as a GPU server's is; the jobs measured then all wait in the queue (they are
            // started far faster than they run)
            Jobs.awaitTerminal(main.api(), Jobs.start(main.api(), MEDIA_TYPE, params, 20), Duration.ofSeconds(60));
            List<UUID> ids = Jobs.start(main.api(), MEDIA_TYPE, params, jobs);
            bench.log("dispatch: %d jobs of %d ms started", jobs, JOB.toMillis());
            statuses = Jobs.awaitTerminal(main.api(), ids, JOB.multipliedBy(jobs * 4L).plusSeconds(60));
        } finally {
            bench.clearAppResults();
        }
        long notCompleted = statuses.stream().filter(s -> !s.state().equals("completed")).count();
        DispatchGap gap = DispatchGap.of(statuses.stream()
                .filter(s -> s.startedAt() != null && s.completedAt() != null)
                .map(s -> new DispatchGap.Run(s.startedAt(), s.completedAt())).toList(), JOB);
        bench.log("dispatch: %d jobs in %d ms; idle per job %.2f ms (%s); issue formula %.2f ms; runs %.2f ms over %d ms",
                gap.jobs(), gap.total().toMillis(), gap.idlePerJob(), gap.gaps(), gap.issueFormula(), gap.meanRunOver(), JOB.toMillis());
        results.add(Measurement.of(NAME, "GPU idle per job (completed→next started), mean", "ms", gap.idlePerJob())
                .against(results.baseline(BrokerBaseline.NAME, BrokerBaseline.PREFETCH_1_TIME))
                .target(Target.atMost(1)));
        results.add(Measurement.of(NAME, "GPU idle per job, p99", "ms", gap.gaps().percentileMillis(99)));
        results.add(Measurement.of(NAME, "(total − N × 50 ms) ÷ N", "ms", gap.issueFormula()));
        results.add(Measurement.of(NAME, "job run beyond its 50 ms", "ms", gap.meanRunOver()));
        results.add(Measurement.of(NAME, "jobs not completed", "", notCompleted).target(Target.atMost(0)));
    }
}
