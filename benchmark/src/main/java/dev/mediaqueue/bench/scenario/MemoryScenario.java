package dev.mediaqueue.bench.scenario;

import dev.mediaqueue.bench.Bench;
import dev.mediaqueue.bench.Measurement;
import dev.mediaqueue.bench.Results;
import dev.mediaqueue.bench.Scenario;
import dev.mediaqueue.bench.Target;
import dev.mediaqueue.bench.broker.StatusHistories;
import dev.mediaqueue.bench.broker.Vhost;
import dev.mediaqueue.bench.load.GatewayApi;
import dev.mediaqueue.bench.load.Http;
import dev.mediaqueue.bench.process.AppProcess;
import dev.mediaqueue.model.WireFormat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Heap per retained job: a gateway's heap after a full GC before and after 100,000 completed jobs
 * arrived on its status stream, divided by the jobs. Baseline: the size of one such job's event as JSON.
 * The class histograms of the two moments say what the bytes are.
 */
public final class MemoryScenario implements Scenario {

    public static final String NAME = "memory";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(Bench bench, Results results) throws Exception {
        int jobs = bench.scaled(100_000, 5_000);
        try (Vhost vhost = bench.vhost("memory"); AppProcess gateway = bench.gateway("memory-gateway", vhost)) {
            GatewayApi api = new GatewayApi(Http.newClient(), gateway.baseUrl());
            // one job first, so parsing and caching code paths are loaded before the first measurement
            List<UUID> warmup = Jobs.ids(1);
            Jobs.publishCompleted(vhost, warmup);
            Jobs.awaitVisible(api, warmup, Duration.ofSeconds(60));
            String before = gateway.classHistogram();
            long heapBefore = gateway.heapUsedAfterGc();

            List<UUID> ids = Jobs.ids(jobs);
            Jobs.publishCompleted(vhost, ids);
            // the stream is read in order: once the last job shows, all have been applied
            Jobs.awaitVisible(api, List.of(ids.get(ids.size() - 1)), Duration.ofMinutes(3));
            String after = gateway.classHistogram();
            long heapAfter = gateway.heapUsedAfterGc();

            double perJob = (heapAfter - heapBefore) / (double) jobs;
            int eventJson = WireFormat.write(StatusHistories.completedEvent(UUID.randomUUID(), Instant.now())).length;
            List<ClassHistogram.Growth> growth = ClassHistogram.growth(before, after, jobs, 10);
            bench.log("memory: heap %,d → %,d bytes after GC with %,d jobs: %.0f bytes per job; per job by class: %s",
                    heapBefore, heapAfter, jobs, perJob, growth);
            Measurement json = results.add(Measurement.of(NAME, "one completed job's event as JSON (baseline)", "B", eventJson));
            results.add(Measurement.of(NAME, "heap per retained job, " + String.format("%,d", jobs) + " jobs", "B", perJob)
                    .against(json).target(Target.atMost(1024)));
            results.detail("memory_bytes_per_job_by_class", growth.stream().map(ClassHistogram.Growth::toMap).toList());
        }
    }
}
