package dev.mediaqueue.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The body of a job message on {@code media.jobs.<type>}: everything a worker needs to run the job.
 *
 * <p>The message is persistent, its AMQP {@code message_id} is the job id and its AMQP
 * {@code priority} is {@link Priority#amqpPriority()}. The attempt number travels in the
 * {@link Topology#ATTEMPT_HEADER} header, not in the body, because a worker republishes the same body
 * when it counts a redelivery.
 *
 * <p>Workers never trust this content: the compact constructor rejects a message without a job id,
 * media type, input or creation time, so a malformed message fails to parse and is dead-lettered.
 *
 * @param jobId     random job id, also the AMQP message id
 * @param mediaType which queue and which generator
 * @param configId  the frontend's configuration (workflow) id; free text, may be null
 * @param userInput the prompt
 * @param language  the prompt's language tag, may be null
 * @param priority  the tier the job was accepted with (after capping)
 * @param params    generator parameters; never null, may be empty
 * @param tenant    the caller that owns the job
 * @param createdAt when the gateway accepted the job
 * @param startBy   the job must not start after this instant; null for no limit
 * @param batchId   the batch this job belongs to, or null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobMessage(
        UUID jobId,
        MediaType mediaType,
        String configId,
        String userInput,
        String language,
        Priority priority,
        Map<String, Object> params,
        String tenant,
        Instant createdAt,
        Instant startBy,
        UUID batchId) {

    public JobMessage {
        Objects.requireNonNull(jobId, "job_id is required");
        Objects.requireNonNull(mediaType, "media_type is required");
        Objects.requireNonNull(userInput, "user_input is required");
        Objects.requireNonNull(createdAt, "created_at is required");
        priority = priority == null ? Priority.NORMAL : priority;
        params = params == null ? Map.of() : Map.copyOf(params);
        tenant = tenant == null ? "" : tenant;
    }
}
