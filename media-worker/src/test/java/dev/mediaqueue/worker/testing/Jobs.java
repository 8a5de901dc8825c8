package dev.mediaqueue.worker.testing;

import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Job messages for tests. */
public final class Jobs {

    private Jobs() {
    }

    public static JobMessage job(MediaType type, Map<String, Object> params) {
        return job(type, Priority.NORMAL, params);
    }

    public static JobMessage job(MediaType type, Priority priority, Map<String, Object> params) {
        return new JobMessage(UUID.randomUUID(), type, "demo", "a lighthouse on a cliff at dusk, oil painting",
                "en", priority, params, "tenant-a", Instant.now(), null, null);
    }

    public static JobMessage createdAt(JobMessage job, Instant createdAt) {
        return new JobMessage(job.jobId(), job.mediaType(), job.configId(), job.userInput(), job.language(),
                job.priority(), job.params(), job.tenant(), createdAt, job.startBy(), job.batchId());
    }

    public static JobMessage withStartBy(JobMessage job, Instant startBy) {
        return new JobMessage(job.jobId(), job.mediaType(), job.configId(), job.userInput(), job.language(),
                job.priority(), job.params(), job.tenant(), job.createdAt(), startBy, job.batchId());
    }
}
