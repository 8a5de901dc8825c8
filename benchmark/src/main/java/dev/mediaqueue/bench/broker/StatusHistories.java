package dev.mediaqueue.bench.broker;

import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobResult;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;
import dev.mediaqueue.model.StatusEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Status events of finished jobs as gateway and worker write them (same fields, same texts, a demo
 * audio result), for filling a status stream without running the jobs.
 */
public final class StatusHistories {

    private static final String WORKER = "bench-worker-4711";
    private static final int STEPS = 24;

    private StatusHistories() {
    }

    /**
     * The events of one completed job: {@code queued}, {@code running}, {@code progressEvents} progress
     * events and {@code completed}, each a legal newer move from the one before.
     */
    public static List<StatusEvent> completedJob(UUID jobId, Instant createdAt, int progressEvents) {
        List<StatusEvent> events = new ArrayList<>();
        StatusEvent queued = StatusEvent.queued(job(jobId, createdAt));
        events.add(queued);
        Instant started = createdAt.plus(Duration.ofMillis(40));
        StatusEvent last = queued.next().state(JobState.RUNNING).attempt(1).seq(1).workerId(WORKER)
                .message("Running on " + WORKER).startedAt(started).at(started);
        events.add(last);
        for (int i = 1; i <= progressEvents; i++) {
            int step = i * STEPS / (progressEvents + 1);
            last = last.next().progress(step * 95 / STEPS).message("Synthesizing note " + step + "/" + STEPS)
                    .seq(last.seq() + 1).at(started.plusMillis(100L * i));
            events.add(last);
        }
        Instant completed = started.plusMillis(100L * (progressEvents + 1));
        events.add(last.next().state(JobState.COMPLETED).progress(100).message("Completed").result(result(jobId))
                .seq(last.seq() + 1).completedAt(completed).at(completed));
        return events;
    }

    /** Only the terminal event of a completed job (a full snapshot, as every event is). */
    public static StatusEvent completedEvent(UUID jobId, Instant createdAt) {
        List<StatusEvent> events = completedJob(jobId, createdAt, 1);
        return events.get(events.size() - 1);
    }

    private static JobMessage job(UUID jobId, Instant createdAt) {
        return new JobMessage(jobId, MediaType.AUDIO, null, "a red house by the sea at golden hour", null,
                Priority.NORMAL, Map.of("duration_ms", 3000), "default", createdAt, null, null);
    }

    private static JobResult result(UUID jobId) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("generator", "demo");
        metadata.put("simulated", true);
        metadata.put("sample_rate", 22050);
        metadata.put("channels", 1);
        metadata.put("duration_ms", 4800);
        return new JobResult("/exports/" + jobId + ".wav", "audio/wav", 211_724, metadata);
    }
}
