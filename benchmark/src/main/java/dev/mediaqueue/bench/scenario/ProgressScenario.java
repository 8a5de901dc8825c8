package dev.mediaqueue.bench.scenario;

import dev.mediaqueue.bench.Bench;
import dev.mediaqueue.bench.Measurement;
import dev.mediaqueue.bench.Results;
import dev.mediaqueue.bench.Scenario;
import dev.mediaqueue.bench.Target;
import dev.mediaqueue.bench.load.GatewayApi;
import dev.mediaqueue.bench.load.Latencies;
import dev.mediaqueue.bench.process.AppProcess;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * How soon a progress step shows in a poll: jobs whose worker publishes every step (progress interval
 * 0), followed by one client polling as fast as it can; each new status seen counts
 * {@code seen − updated_at}, where {@code updated_at} is the worker's clock when it published the step
 * (same machine, same clock). The demo generator reports 24 steps a job, so 5 jobs make 100+ steps.
 */
public final class ProgressScenario implements Scenario {

    public static final String NAME = "progress";
    static final String MEDIA_TYPE = "audio";
    /** 24 steps over 2.4 s: a step every 100 ms. */
    static final Duration JOB = Duration.ofMillis(2400);
    /** Pause between two polls of the followed job; the measured delay includes up to this much. */
    static final Duration POLL_PAUSE = Duration.ofMillis(1);

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
        int jobs = bench.scaled(5, 1);
        Latencies delays = new Latencies();
        int published = 0;
        try (AppProcess worker = bench.worker("progress-worker", main.vhost(),
                "--mediaqueue.worker.media-types=" + MEDIA_TYPE, "--mediaqueue.worker.progress-interval=0ms")) {
            for (int i = 0; i < jobs; i++) {
                UUID id = main.api().start(MEDIA_TYPE, Map.of("duration_ms", JOB.toMillis()))
                        .orElseThrow(() -> new IllegalStateException("the gateway did not accept a progress job"));
                published += follow(main.api(), id, delays);
            }
        } finally {
            bench.clearAppResults();
        }
        bench.log("progress: %d of %d published steps seen: %s", delays.count(), published, delays);
        results.add(Measurement.of(NAME, "publish → visible in a poll, p50", "ms", delays.percentileMillis(50))
                .against(results.baseline(BrokerBaseline.NAME, BrokerBaseline.STREAM_P50)));
        results.add(Measurement.of(NAME, "publish → visible in a poll, p99", "ms", delays.percentileMillis(99))
                .against(results.baseline(BrokerBaseline.NAME, BrokerBaseline.STREAM_P99))
                .target(Target.atMost(50)));
        results.add(Measurement.of(NAME, "publish → visible in a poll, max", "ms", delays.maxMillis()));
        results.add(Measurement.of(NAME, "steps seen of steps published", "%", published == 0 ? 0 : 100.0 * delays.count() / published));
    }

    /**
     * Polls the job until it ends, recording the delay of every new running or terminal status seen;
     * answers how many such events the worker published (the last seen ETag's seq).
     */
    private static int follow(GatewayApi api, UUID id, Latencies delays) throws Exception {
        String etag = null;
        long deadline = System.nanoTime() + JOB.plusSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            GatewayApi.Answer answer = api.status(id, etag);
            if (answer.code() == 200) {
                GatewayApi.Status status = answer.status();
                etag = status.etag();
                if (!status.state().equals("queued")) {
                    delays.recordNanos(Duration.between(status.updatedAt(), status.seen()).toNanos());
                }
                if (status.isTerminal()) {
                    return seqOf(etag);
                }
            }
            LockSupport.parkNanos(POLL_PAUSE.toNanos());
        }
        throw new IllegalStateException("progress job " + id + " did not end in time");
    }

    /** The event number in the gateway's ETag {@code "<attempt>-<seq>-<state>"}. */
    static int seqOf(String etag) {
        String[] parts = etag.replace("\"", "").split("-");
        return parts.length >= 2 ? Integer.parseInt(parts[1]) : 0;
    }
}
