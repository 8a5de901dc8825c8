package dev.mediaqueue.gateway.job;

import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A validated job request. */
record JobSpec(MediaType mediaType, String configId, String userInput, String language, Priority priority,
               Map<String, Object> params) {

    JobMessage toMessage(UUID jobId, String tenant, Instant now) {
        return new JobMessage(jobId, mediaType, configId, userInput, language, priority, params, tenant, now, null, null);
    }
}
