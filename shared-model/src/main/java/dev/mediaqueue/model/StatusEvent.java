package dev.mediaqueue.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One change of a job's status, published on {@code media.status} with routing key
 * {@code <media type>.<state>} and kept in the {@code media.status.log} stream.
 *
 * <p>An event is a full snapshot: it carries everything a poll needs (media type, priority, tenant,
 * timestamps), so any gateway can answer from the events alone and the newest event of a job is its
 * status.
 *
 * <p>Ordering: {@code attempt} counts deliveries of the job to workers (0 for the gateway's own
 * events before any delivery) and {@code seq} counts events within one attempt. An event replaces the
 * one a reader holds only if its state may follow the held state ({@link JobState#canMoveTo}) and it is
 * newer ({@link #isNewerThan}); late, duplicated or reordered events are ignored, so a job never moves
 * backwards.
 *
 * @param jobId       the job
 * @param state       the job's state after this event
 * @param progress    0–100
 * @param message     a human-readable line ("Sampling step 15/30"), may be null
 * @param result      the output of a completed job, else null
 * @param error       a human-readable failure text of a failed job, else null
 * @param errorType   the failure's kind, else null
 * @param attempt     which delivery of the job (0 before the first delivery)
 * @param seq         the event's number within its attempt
 * @param createdAt   when the job was accepted
 * @param startedAt   when the current attempt started running, else null
 * @param completedAt when the job reached a terminal state, else null
 * @param updatedAt   when this event was made
 * @param workerId    the worker that made this event, null for the gateway
 * @param mediaType   the job's media type
 * @param priority    the job's priority tier
 * @param tenant      the caller that owns the job
 * @param batchId     the job's batch, or null
 * @param previewUrl  where the latest preview of a running job is served, or null
 * @param idempotencyKey the caller's {@code Idempotency-Key} of the start request (queued events only), or null
 * @param requestHash    a hash of the start request's body, to tell a retry from a reuse of the key, or null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusEvent(
        UUID jobId,
        JobState state,
        int progress,
        String message,
        JobResult result,
        String error,
        ErrorType errorType,
        int attempt,
        long seq,
        Instant createdAt,
        Instant startedAt,
        Instant completedAt,
        Instant updatedAt,
        String workerId,
        MediaType mediaType,
        Priority priority,
        String tenant,
        UUID batchId,
        String previewUrl,
        String idempotencyKey,
        String requestHash) {

    public StatusEvent {
        Objects.requireNonNull(jobId, "job_id is required");
        Objects.requireNonNull(state, "state is required");
        Objects.requireNonNull(createdAt, "created_at is required");
        Objects.requireNonNull(updatedAt, "updated_at is required");
        Objects.requireNonNull(mediaType, "media_type is required");
        if (progress < 0 || progress > 100) {
            throw new IllegalArgumentException("progress must be 0..100, was " + progress);
        }
        if (attempt < 0 || seq < 0) {
            throw new IllegalArgumentException("attempt and seq must not be negative");
        }
        priority = priority == null ? Priority.NORMAL : priority;
        tenant = tenant == null ? "" : tenant;
    }

    /** Whether this event comes after {@code other} in (attempt, seq) order. */
    public boolean isNewerThan(StatusEvent other) {
        return attempt != other.attempt ? attempt > other.attempt : seq > other.seq;
    }

    /**
     * Whether this event may replace {@code current} as the job's status: always for a job not yet
     * known, otherwise only a legal move that is newer.
     */
    public boolean canReplace(StatusEvent current) {
        return current == null || (current.state.canMoveTo(state) && isNewerThan(current));
    }

    /** The routing key on {@code media.status}: {@code <media type>.<state>}. */
    public String routingKey() {
        return Topology.statusRoutingKey(mediaType, state);
    }

    /** The first event of a job: {@code queued}, attempt 0, seq 0, made by the gateway. */
    public static StatusEvent queued(JobMessage job) {
        return queued(job, null, null);
    }

    /** The first event of a job started with an {@code Idempotency-Key}, recording the key and the body's hash. */
    public static StatusEvent queued(JobMessage job, String idempotencyKey, String requestHash) {
        return new StatusEvent(job.jobId(), JobState.QUEUED, 0, "Queued", null, null, null, 0, 0,
                job.createdAt(), null, null, job.createdAt(), null,
                job.mediaType(), job.priority(), job.tenant(), job.batchId(), null, idempotencyKey, requestHash);
    }

    /** A builder for the next event of the same job, starting from this one's values. */
    public Builder next() {
        return new Builder(this);
    }

    /** Builds an event from a previous one; only the fields that change need setting. */
    public static final class Builder {
        private final StatusEvent base;
        private JobState state;
        private int progress;
        private String message;
        private JobResult result;
        private String error;
        private ErrorType errorType;
        private int attempt;
        private long seq;
        private Instant startedAt;
        private Instant completedAt;
        private String workerId;
        private String previewUrl;

        private Builder(StatusEvent base) {
            this.base = base;
            this.state = base.state;
            this.progress = base.progress;
            this.message = base.message;
            this.result = base.result;
            this.error = base.error;
            this.errorType = base.errorType;
            this.attempt = base.attempt;
            this.seq = base.seq;
            this.startedAt = base.startedAt;
            this.completedAt = base.completedAt;
            this.workerId = base.workerId;
            this.previewUrl = base.previewUrl;
        }

        public Builder state(JobState state) { this.state = state; return this; }
        public Builder progress(int progress) { this.progress = progress; return this; }
        public Builder message(String message) { this.message = message; return this; }
        public Builder result(JobResult result) { this.result = result; return this; }
        public Builder attempt(int attempt) { this.attempt = attempt; return this; }
        public Builder seq(long seq) { this.seq = seq; return this; }
        public Builder startedAt(Instant startedAt) { this.startedAt = startedAt; return this; }
        public Builder completedAt(Instant completedAt) { this.completedAt = completedAt; return this; }
        public Builder workerId(String workerId) { this.workerId = workerId; return this; }
        public Builder previewUrl(String previewUrl) { this.previewUrl = previewUrl; return this; }

        public Builder error(ErrorType type, String text) {
            this.errorType = type;
            this.error = text;
            return this;
        }

        /** The new event, stamped with {@code now} as its update time. */
        public StatusEvent at(Instant now) {
            return new StatusEvent(base.jobId, state, progress, message, result, error, errorType, attempt, seq,
                    base.createdAt, startedAt, completedAt, now, workerId,
                    base.mediaType, base.priority, base.tenant, base.batchId, previewUrl,
                    base.idempotencyKey, base.requestHash);
        }
    }
}
