package dev.mediaqueue.bench.scenario;

import com.rabbitmq.client.Connection;
import dev.mediaqueue.bench.Bench;
import dev.mediaqueue.bench.Measurement;
import dev.mediaqueue.bench.Results;
import dev.mediaqueue.bench.Scenario;
import dev.mediaqueue.bench.Target;
import dev.mediaqueue.bench.broker.RawBroker;
import dev.mediaqueue.bench.broker.Vhost;
import dev.mediaqueue.bench.load.GatewayApi;
import dev.mediaqueue.bench.load.Http;
import dev.mediaqueue.bench.process.AppProcess;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A gateway starting on a long history: 1,000,000 status events (250,000 finished jobs × 4 events, as
 * the apps write them) in the stream of a fresh vhost; seconds from launching the gateway until its
 * readiness probe answers 200. Baseline: the plain client reading the same stream with the gateway's
 * prefetch, without parsing.
 */
public final class ReplayScenario implements Scenario {

    public static final String NAME = "replay";
    static final int EVENTS_PER_JOB = 4;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(Bench bench, Results results) throws Exception {
        int jobs = bench.scaled(250_000, 2_500);
        long events = (long) jobs * EVENTS_PER_JOB;
        try (Vhost vhost = bench.vhost("replay")) {
            vhost.declareTopology();
            List<UUID> ids = Jobs.ids(jobs);
            Duration published = Jobs.publishHistories(vhost, ids, EVENTS_PER_JOB - 3);
            bench.log("replay: %d events published in %.1f s (%.0f/s)", events, seconds(published), events / seconds(published));
            results.add(Measurement.of(NAME, "events published (confirmed), rate", "events/s", events / seconds(published)));

            RawBroker.Throughput raw;
            try (Connection connection = vhost.connect("bench-replay-read")) {
                raw = new RawBroker(connection).readStream(events, Duration.ofMinutes(5));
            }
            bench.log("replay: plain client read %d events in %.1f s", raw.messages(), seconds(raw.took()));
            Measurement rawRead = results.add(Measurement.of(NAME, "plain client reads the stream (baseline)", "s", seconds(raw.took())));

            try (AppProcess gateway = bench.startGateway("replay-gateway", vhost)) {
                Duration ready = gateway.awaitReady(Duration.ofMinutes(5));
                double replaySeconds = replaySeconds(gateway);
                bench.log("replay: gateway ready after %.1f s (its replay: %.1f s)", seconds(ready), replaySeconds);
                String label = events >= 1_000_000 ? String.format("%.0f M", events / 1e6) : String.format("%,d", events);
                results.add(Measurement.of(NAME, "launch → ready, " + label + " events", "s", seconds(ready))
                        .against(rawRead).target(Target.atMost(20).atFullScaleOnly()));
                if (replaySeconds > 0) {
                    results.add(Measurement.of(NAME, "gateway's own replay time", "s", replaySeconds).against(rawRead));
                    results.add(Measurement.of(NAME, "replay rate", "events/s", events / replaySeconds));
                }
                Jobs.awaitVisible(new GatewayApi(Http.newClient(),
                        gateway.baseUrl()), List.of(ids.get(0), ids.get(ids.size() - 1)), Duration.ofSeconds(10));
            }
        }
    }

    /** The gateway's own measure of its replay (from its context start to its marker), or 0 if it has none. */
    private static double replaySeconds(AppProcess gateway) {
        try {
            return gateway.metric("mediaqueue_status_replay_seconds");
        } catch (Exception e) {
            return 0;
        }
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
