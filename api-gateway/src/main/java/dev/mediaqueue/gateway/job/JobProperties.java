package dev.mediaqueue.gateway.job;

import dev.mediaqueue.model.MediaType;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * How job requests are checked and refused.
 *
 * @param maxPromptLength  most characters (code points) in {@code user_input}
 * @param configMediaTypes the media type of each known {@code config_id}, so a request may omit {@code media_type}
 * @param brokerRetryAfter {@code Retry-After} of the 503 sent when the broker did not take a job
 * @param maxBatchSize     most jobs in one {@code POST /api/job/batch}
 */
@ConfigurationProperties("mediaqueue.gateway")
record JobProperties(
        @DefaultValue("4000") int maxPromptLength,
        Map<String, MediaType> configMediaTypes,
        @DefaultValue("5s") Duration brokerRetryAfter,
        @DefaultValue("50") int maxBatchSize) {

    JobProperties {
        configMediaTypes = configMediaTypes == null ? Map.of() : Map.copyOf(configMediaTypes);
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("mediaqueue.gateway.max-batch-size must be at least 1, was " + maxBatchSize);
        }
    }
}
