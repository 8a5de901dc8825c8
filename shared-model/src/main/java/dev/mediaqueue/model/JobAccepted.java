package dev.mediaqueue.model;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.UUID;

/**
 * The answer to {@code POST /api/job/start}: the job id and where to follow the job.
 *
 * @param jobId       the new job's id
 * @param status      always {@code queued}
 * @param statusUrl   {@code /api/job/<id>/status}
 * @param eventsUrl   {@code /api/job/<id>/events}
 * @param cancelUrl   {@code /api/job/<id>/cancel}
 * @param pollAfterMs how long a client should wait before its first poll
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JobAccepted(UUID jobId, JobState status, String statusUrl, String eventsUrl, String cancelUrl,
                          long pollAfterMs) {

    /** The answer for a job, with the URLs the gateway serves for it. */
    public static JobAccepted of(UUID jobId, long pollAfterMs) {
        String base = "/api/job/" + jobId;
        return new JobAccepted(jobId, JobState.QUEUED, base + "/status", base + "/events", base + "/cancel",
                pollAfterMs);
    }
}
