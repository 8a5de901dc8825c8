package dev.mediaqueue.model;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.UUID;

/**
 * The answer to {@code GET /api/job/<id>/status}. Fields that do not apply are null, never absent, as
 * the existing frontend expects.
 *
 * @param queuePosition jobs ahead of this one in its queue, or null when not queued or unknown
 * @param etaSeconds    estimated seconds until the job completes, or null when unknowable
 * @param pollAfterMs   how long a client should wait before polling again
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JobStatusView(
        UUID jobId,
        JobState status,
        int progress,
        String message,
        JobResult result,
        String error,
        ErrorType errorType,
        Instant createdAt,
        Instant startedAt,
        Instant completedAt,
        Instant updatedAt,
        MediaType mediaType,
        Priority priority,
        int attempt,
        Integer queuePosition,
        Integer etaSeconds,
        String previewUrl,
        UUID batchId,
        long pollAfterMs) {

    /** The view of a job whose newest event is {@code event}. */
    public static JobStatusView of(StatusEvent event, Integer queuePosition, Integer etaSeconds, long pollAfterMs) {
        return new JobStatusView(event.jobId(), event.state(), event.progress(), event.message(), event.result(),
                event.error(), event.errorType(), event.createdAt(), event.startedAt(), event.completedAt(),
                event.updatedAt(), event.mediaType(), event.priority(), event.attempt(), queuePosition, etaSeconds,
                event.previewUrl(), event.batchId(), pollAfterMs);
    }
}
