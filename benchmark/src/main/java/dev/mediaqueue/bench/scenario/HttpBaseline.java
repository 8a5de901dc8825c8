package dev.mediaqueue.bench.scenario;

import dev.mediaqueue.bench.Bench;
import dev.mediaqueue.bench.Measurement;
import dev.mediaqueue.bench.Results;
import dev.mediaqueue.bench.Scenario;
import dev.mediaqueue.bench.load.Http;
import dev.mediaqueue.bench.load.LoadResult;
import dev.mediaqueue.bench.process.AppProcess;

import java.net.http.HttpClient;

/**
 * The ceiling for any poll: the trivial server (the gateway's server stack answering a constant JSON)
 * in a separate JVM, polled exactly as the poll scenario polls the gateway.
 */
public final class HttpBaseline implements Scenario {

    public static final String NAME = "baseline-http";

    static String rate(int clients) {
        return "req/s, " + clients + " clients";
    }

    static String p50(int clients) {
        return "p50, " + clients + " clients";
    }

    static String p99(int clients) {
        return "p99, " + clients + " clients";
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(Bench bench, Results results) throws Exception {
        try (AppProcess server = bench.trivialServer()) {
            HttpClient client = Http.newClient();
            for (int clients : PollLoad.CLIENTS) {
                LoadResult load = PollLoad.run(client, server.baseUrl(), Jobs.ids(1000), null, clients,
                        PollLoad.warmup(bench), PollLoad.measure(bench));
                bench.log("trivial endpoint, %d clients: %s", clients, load);
                results.add(Measurement.of(NAME, rate(clients), "req/s", load.perSecond()));
                results.add(Measurement.of(NAME, p50(clients), "ms", load.latencies().percentileMillis(50)));
                results.add(Measurement.of(NAME, p99(clients), "ms", load.latencies().percentileMillis(99)));
            }
        }
    }
}
