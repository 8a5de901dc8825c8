package dev.mediaqueue.gateway.job;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code POST /api/job/start} as sent: plain strings, so that a wrong value becomes a
 * validation message naming the field rather than a parse error.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record StartJobRequest(String mediaType, String configId, String userInput, String language, String priority,
                       JsonNode params, String startBy) {
}
