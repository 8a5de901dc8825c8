package dev.mediaqueue.model;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A request to stop a job, published by a gateway to the {@code media.control} fanout exchange so that
 * every worker sees it. The worker running the job signals its generator; a worker that receives the
 * job later remembers the command and never starts it. Gateways repeat the command when they see a
 * cancelled job reported as running, so a command lost in a race still takes effect.
 *
 * @param jobId       the job to stop
 * @param requestedAt when the caller asked
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CancelCommand(UUID jobId, Instant requestedAt) {

    public CancelCommand {
        Objects.requireNonNull(jobId, "job_id is required");
        Objects.requireNonNull(requestedAt, "requested_at is required");
    }
}
