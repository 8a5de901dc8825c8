package dev.mediaqueue.bench.scenario;

import dev.mediaqueue.bench.Bench;
import dev.mediaqueue.bench.Measurement;
import dev.mediaqueue.bench.Results;
import dev.mediaqueue.bench.Scenario;
import dev.mediaqueue.bench.Target;
import dev.mediaqueue.bench.load.LoadResult;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Polls: 1,000 completed jobs in the gateway's cache, 8 and 64 clients polling random ids as fast as
 * they are answered, once for the full status (200) and once with the job's ETag (304).
 */
public final class PollScenario implements Scenario {

    public static final String NAME = "poll";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> baselines() {
        return List.of(HttpBaseline.NAME);
    }

    @Override
    public void run(Bench bench, Results results) throws Exception {
        Bench.MainStack main = bench.main();
        List<UUID> ids = Jobs.ids(bench.scaled(1000, 50));
        Jobs.publishHistories(main.vhost(), ids, 1);
        Map<UUID, String> etags = Jobs.awaitVisible(main.api(), ids, Duration.ofSeconds(60));
        bench.log("poll: %d completed jobs in the cache", ids.size());
        for (boolean conditional : List.of(false, true)) {
            for (int clients : PollLoad.CLIENTS) {
                LoadResult load = PollLoad.run(main.api().client(), main.gateway().baseUrl(), ids,
                        conditional ? etags : null, clients, PollLoad.warmup(bench), PollLoad.measure(bench));
                String path = conditional ? "304" : "200";
                bench.log("poll %s, %d clients: %s", path, clients, load);
                record(results, path, clients, load);
            }
        }
    }

    private static void record(Results results, String path, int clients, LoadResult load) {
        boolean targeted = path.equals("200") && clients == 8;
        Measurement rate = Measurement.of(NAME, path + " req/s, " + clients + " clients", "req/s", load.perSecond())
                .against(results.baseline(HttpBaseline.NAME, HttpBaseline.rate(clients)));
        results.add(targeted ? rate.target(Target.ratioAtLeast(0.70)) : rate);
        results.add(Measurement.of(NAME, path + " p50, " + clients + " clients", "ms", load.latencies().percentileMillis(50))
                .against(results.baseline(HttpBaseline.NAME, HttpBaseline.p50(clients))));
        Measurement p99 = Measurement.of(NAME, path + " p99, " + clients + " clients", "ms", load.latencies().percentileMillis(99))
                .against(results.baseline(HttpBaseline.NAME, HttpBaseline.p99(clients)));
        results.add(targeted ? p99.target(Target.atMost(5)) : p99);
        results.add(Measurement.of(NAME, path + " max, " + clients + " clients", "ms", load.latencies().maxMillis()));
        results.add(Measurement.of(NAME, path + " errors, " + clients + " clients", "", load.errors()).target(Target.atMost(0)));
    }
}
