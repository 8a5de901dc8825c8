package dev.mediaqueue.gateway.job;

import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A validated job request: what the caller asked for, with defaults filled in. Two requests that mean the
 * same have equal specs, whatever their spelling (whitespace, field order, an explicit default).
 *
 * @param startBy the job must not start after this instant, or null
 */
record JobSpec(MediaType mediaType, String configId, String userInput, String language, Priority priority,
               Map<String, Object> params, Instant startBy) {

    /** This request with its priority lowered to {@code max} if it asked for more. */
    JobSpec cappedAt(Priority max) {
        return priority.isAbove(max) ? new JobSpec(mediaType, configId, userInput, language, max, params, startBy) : this;
    }

    JobMessage toMessage(UUID jobId, String tenant, Instant now, UUID batchId) {
        return new JobMessage(jobId, mediaType, configId, userInput, language, priority, params, tenant, now,
                startBy, batchId);
    }
}
