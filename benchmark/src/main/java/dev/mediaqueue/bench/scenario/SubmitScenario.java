package dev.mediaqueue.bench.scenario;

import com.rabbitmq.client.Connection;
import dev.mediaqueue.bench.Bench;
import dev.mediaqueue.bench.Measurement;
import dev.mediaqueue.bench.Results;
import dev.mediaqueue.bench.Scenario;
import dev.mediaqueue.bench.Target;
import dev.mediaqueue.bench.broker.RawBroker;
import dev.mediaqueue.bench.broker.Vhost;
import dev.mediaqueue.bench.load.LoadResult;
import dev.mediaqueue.bench.load.OpenLoop;

import java.time.Duration;
import java.util.Map;

/**
 * Starts at a fixed rate (500/s), whatever the gateway does: latency from each request's due time to
 * its 202, which the gateway sends only after the broker confirmed both the queued event and the job.
 * Baseline: the same two confirmed publishes made with the plain client at the same rate, measured in
 * alternating slices with the gateway so a noisy moment hits both. No worker consumes these jobs; they
 * wait in their queue until the run's vhost is deleted.
 */
public final class SubmitScenario implements Scenario {

    public static final String NAME = "submit";
    static final String MEDIA_TYPE = "image";
    static final double RATE = 500;
    static final int ROUNDS = 5;
    static final String BASELINE_P50 = "2 confirmed publishes at 500/s, p50";
    static final String BASELINE_P99 = "2 confirmed publishes at 500/s, p99";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(Bench bench, Results results) throws Exception {
        Bench.MainStack main = bench.main();
        try (Vhost rawVhost = bench.vhost("submit-raw"); Connection connection = rawVhost.connect("bench-submit-raw")) {
            rawVhost.declareTopology();
            RawBroker raw = new RawBroker(connection);
            Duration warmup = bench.scaled(Duration.ofSeconds(2), Duration.ofSeconds(1));
            raw.submitLikeGateway(RATE, warmup, Duration.ZERO);
            gateway(main, warmup, Duration.ZERO);
            Duration slice = bench.scaled(Duration.ofSeconds(10), Duration.ofSeconds(2)).dividedBy(ROUNDS);
            LoadResult rawLoad = LoadResult.none();
            LoadResult gatewayLoad = LoadResult.none();
            for (int round = 0; round < ROUNDS; round++) {
                rawLoad = rawLoad.plus(raw.submitLikeGateway(RATE, Duration.ZERO, slice));
                gatewayLoad = gatewayLoad.plus(gateway(main, Duration.ZERO, slice));
            }
            bench.log("submit at %.0f/s: plain client %s", RATE, rawLoad);
            bench.log("submit at %.0f/s: gateway %s", RATE, gatewayLoad);
            results.add(Measurement.of(BrokerBaseline.NAME, BASELINE_P50, "ms", rawLoad.latencies().percentileMillis(50)));
            results.add(Measurement.of(BrokerBaseline.NAME, BASELINE_P99, "ms", rawLoad.latencies().percentileMillis(99)));
            String at = " at " + Math.round(RATE) + "/s";
            results.add(Measurement.of(NAME, "start latency p50" + at, "ms", gatewayLoad.latencies().percentileMillis(50))
                    .against(results.baseline(BrokerBaseline.NAME, BASELINE_P50)));
            results.add(Measurement.of(NAME, "start latency p99" + at, "ms", gatewayLoad.latencies().percentileMillis(99))
                    .against(results.baseline(BrokerBaseline.NAME, BASELINE_P99))
                    .target(Target.atMost(20)));
            results.add(Measurement.of(NAME, "start latency max" + at, "ms", gatewayLoad.latencies().maxMillis()));
            ErrorRows.add(results, NAME, "errors" + at, gatewayLoad);
        }
    }

    private static LoadResult gateway(Bench.MainStack main, Duration warmup, Duration measure) throws InterruptedException {
        return OpenLoop.run(RATE, warmup, measure, Duration.ofSeconds(30), () -> main.api().startAsync(MEDIA_TYPE, Map.of()));
    }
}
