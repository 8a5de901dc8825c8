package dev.mediaqueue.bench.scenario;

import dev.mediaqueue.bench.Bench;
import dev.mediaqueue.bench.Measurement;
import dev.mediaqueue.bench.Results;
import dev.mediaqueue.bench.Scenario;
import dev.mediaqueue.bench.Target;
import dev.mediaqueue.bench.load.Http;
import dev.mediaqueue.bench.load.LoadResult;
import dev.mediaqueue.bench.process.AppProcess;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Polls: 1,000 completed jobs in the gateway's cache, 8 and 64 clients polling random ids as fast as
 * they are answered, for the full status (200) and with the job's ETag (304), against the ceiling of
 * any poll: the trivial server (see {@code TrivialServer}) polled the same way.
 *
 * <p>The machine is shared, so the trivial server and the gateway are measured in alternating slices
 * (three rounds of trivial, gateway 200, gateway 304): a noisy minute hits all of them alike.
 */
public final class PollScenario implements Scenario {

    public static final String NAME = "poll";
    public static final String BASELINE = "baseline-http";
    static final List<Integer> CLIENTS = List.of(8, 64);
    static final int ROUNDS = 3;
    /** Lets a slice's clients open their connections before it counts. */
    static final Duration SLICE_WARMUP = Duration.ofMillis(300);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(Bench bench, Results results) throws Exception {
        Bench.MainStack main = bench.main();
        List<UUID> ids = Jobs.ids(bench.scaled(1000, 50));
        Jobs.publishHistories(main.vhost(), ids, 1);
        // the ETag of each job's final status: a job seen while its later events were still on their way
        // would answer 200 with a newer tag to every poll that sends the old one
        Map<UUID, String> etags = new HashMap<>();
        Jobs.awaitTerminal(main.api(), ids, Duration.ofSeconds(60)).forEach(status -> etags.put(status.jobId(), status.etag()));
        bench.log("poll: %d completed jobs in the cache", ids.size());
        try (AppProcess trivial = bench.trivialServer()) {
            Server trivialServer = new Server(Http.newClient(), trivial.baseUrl(), null);
            Server gateway200 = new Server(main.api().client(), main.gateway().baseUrl(), null);
            Server gateway304 = new Server(main.api().client(), main.gateway().baseUrl(), etags);
            // long enough for C2 to compile the request paths on a busy 2-core machine
            Duration warmup = bench.scaled(Duration.ofSeconds(10), Duration.ofSeconds(3));
            for (Server server : List.of(trivialServer, gateway200, gateway304)) {
                server.poll(ids, 64, warmup, Duration.ZERO);
            }
            Duration slice = bench.scaled(Duration.ofSeconds(15), Duration.ofSeconds(3)).dividedBy(ROUNDS);
            for (int clients : CLIENTS) {
                LoadResult trivialLoad = LoadResult.none();
                LoadResult load200 = LoadResult.none();
                LoadResult load304 = LoadResult.none();
                for (int round = 0; round < ROUNDS; round++) {
                    trivialLoad = trivialLoad.plus(trivialServer.poll(ids, clients, SLICE_WARMUP, slice));
                    load200 = load200.plus(gateway200.poll(ids, clients, SLICE_WARMUP, slice));
                    load304 = load304.plus(gateway304.poll(ids, clients, SLICE_WARMUP, slice));
                }
                bench.log("trivial endpoint, %d clients: %s", clients, trivialLoad);
                bench.log("poll 200, %d clients: %s", clients, load200);
                bench.log("poll 304, %d clients: %s", clients, load304);
                recordBaseline(results, clients, trivialLoad);
                record(results, "200", clients, load200);
                record(results, "304", clients, load304);
            }
        }
    }

    /** A server polled by its own client (so each keeps its connections). */
    private record Server(HttpClient client, String baseUrl, Map<UUID, String> etags) {

        LoadResult poll(List<UUID> ids, int clients, Duration warmup, Duration measure) throws InterruptedException {
            return PollLoad.run(client, baseUrl, ids, etags, clients, warmup, measure);
        }
    }

    static String rate(int clients) {
        return "req/s, " + clients + " clients";
    }

    static String p50(int clients) {
        return "p50, " + clients + " clients";
    }

    static String p99(int clients) {
        return "p99, " + clients + " clients";
    }

    private static void recordBaseline(Results results, int clients, LoadResult load) {
        results.add(Measurement.of(BASELINE, rate(clients), "req/s", load.perSecond()));
        results.add(Measurement.of(BASELINE, p50(clients), "ms", load.latencies().percentileMillis(50)));
        results.add(Measurement.of(BASELINE, p99(clients), "ms", load.latencies().percentileMillis(99)));
    }

    private static void record(Results results, String path, int clients, LoadResult load) {
        boolean targeted = path.equals("200") && clients == 8;
        Measurement rate = Measurement.of(NAME, path + " " + rate(clients), "req/s", load.perSecond())
                .against(results.baseline(BASELINE, rate(clients)));
        results.add(targeted ? rate.target(Target.ratioAtLeast(0.70)) : rate);
        results.add(Measurement.of(NAME, path + " " + p50(clients), "ms", load.latencies().percentileMillis(50))
                .against(results.baseline(BASELINE, p50(clients))));
        Measurement p99 = Measurement.of(NAME, path + " " + p99(clients), "ms", load.latencies().percentileMillis(99))
                .against(results.baseline(BASELINE, p99(clients)));
        results.add(targeted ? p99.target(Target.atMost(5)) : p99);
        results.add(Measurement.of(NAME, path + " max, " + clients + " clients", "ms", load.latencies().maxMillis()));
        ErrorRows.add(results, NAME, path + " errors, " + clients + " clients", load);
    }
}
