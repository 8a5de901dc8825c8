package dev.mediaqueue.model;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.Map;
import java.util.Objects;

/**
 * What a completed job produced.
 *
 * @param outputUrl   where the gateway serves the (first) output file, e.g. {@code /exports/<job>.png}
 * @param contentType the output's media type, e.g. {@code image/png}
 * @param sizeBytes   the output file's size
 * @param metadata    small generator facts (dimensions, duration, seed, model, further outputs)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JobResult(String outputUrl, String contentType, long sizeBytes, Map<String, Object> metadata) {

    public JobResult {
        Objects.requireNonNull(outputUrl, "output_url is required");
        Objects.requireNonNull(contentType, "content_type is required");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
