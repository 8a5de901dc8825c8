package dev.mediaqueue.bench.scenario;

import dev.mediaqueue.bench.load.Latencies;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * How long one worker sat idle between jobs that were all waiting in its queue, from the jobs'
 * {@code started_at} and {@code completed_at}: the worker stamps both, so one clock measures it.
 *
 * @param jobs            how many jobs ran
 * @param total           first {@code started_at} to last {@code completed_at}
 * @param issueFormula    (total − jobs × nominal duration) ÷ jobs, in ms: idle time plus whatever a job
 *                        ran beyond its nominal duration
 * @param meanRunOver     how much longer than nominal a job ran on average, in ms (the demo writes its
 *                        file after the last step)
 * @param idlePerJob      mean time from one job's {@code completed_at} to the next one's
 *                        {@code started_at}, in ms: the time the GPU waits for the queue
 * @param gaps            each of those idle times
 */
record DispatchGap(int jobs, Duration total, double issueFormula, double meanRunOver, double idlePerJob, Latencies gaps) {

    /** A job's start and end as its worker stamped them. */
    record Run(Instant startedAt, Instant completedAt) {
    }

    static DispatchGap of(List<Run> runs, Duration nominal) {
        if (runs.size() < 2) {
            throw new IllegalArgumentException("needs at least two jobs, had " + runs.size());
        }
        List<Run> ordered = runs.stream().sorted(Comparator.comparing(Run::startedAt)).toList();
        Instant first = ordered.get(0).startedAt();
        Instant last = ordered.stream().map(Run::completedAt).max(Comparator.naturalOrder()).orElseThrow();
        Duration total = Duration.between(first, last);
        double nominalMs = nominal.toNanos() / 1e6;
        double issueFormula = (millis(total) - ordered.size() * nominalMs) / ordered.size();
        double meanRun = ordered.stream().mapToDouble(r -> millis(Duration.between(r.startedAt(), r.completedAt()))).average().orElse(0);
        Latencies gaps = new Latencies();
        double idle = 0;
        for (int i = 1; i < ordered.size(); i++) {
            double gap = millis(Duration.between(ordered.get(i - 1).completedAt(), ordered.get(i).startedAt()));
            gaps.recordMillis(gap);
            idle += gap;
        }
        return new DispatchGap(ordered.size(), total, issueFormula, meanRun - nominalMs, idle / (ordered.size() - 1), gaps);
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }
}
