package dev.mediaqueue.bench.scenario;

import dev.mediaqueue.bench.Bench;
import dev.mediaqueue.bench.Measurement;
import dev.mediaqueue.bench.Results;
import dev.mediaqueue.bench.Scenario;
import dev.mediaqueue.bench.Target;
import dev.mediaqueue.bench.load.LoadResult;
import dev.mediaqueue.bench.load.OpenLoop;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Starts at a fixed rate (500/s), whatever the gateway does: latency from each request's due time to
 * its 202, which the gateway sends only after the broker confirmed both the queued event and the job.
 * No worker consumes these jobs; they wait in their queue until the run's vhost is deleted.
 */
public final class SubmitScenario implements Scenario {

    public static final String NAME = "submit";
    static final String MEDIA_TYPE = "image";

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
        double rate = BrokerBaseline.SUBMIT_RATE;
        LoadResult load = OpenLoop.run(rate, bench.scaled(Duration.ofSeconds(2), Duration.ofSeconds(1)),
                bench.scaled(Duration.ofSeconds(10), Duration.ofSeconds(2)), Duration.ofSeconds(30),
                () -> main.api().startAsync(MEDIA_TYPE, Map.of()));
        bench.log("submit at %.0f/s: %s", rate, load);
        String at = " at " + Math.round(rate) + "/s";
        results.add(Measurement.of(NAME, "start latency p50" + at, "ms", load.latencies().percentileMillis(50))
                .against(results.baseline(BrokerBaseline.NAME, BrokerBaseline.SUBMIT_P50)));
        results.add(Measurement.of(NAME, "start latency p99" + at, "ms", load.latencies().percentileMillis(99))
                .against(results.baseline(BrokerBaseline.NAME, BrokerBaseline.SUBMIT_P99))
                .target(Target.atMost(20)));
        results.add(Measurement.of(NAME, "start latency max" + at, "ms", load.latencies().maxMillis()));
        results.add(Measurement.of(NAME, "errors" + at, "", load.errors()).target(Target.atMost(0)));
    }
}
