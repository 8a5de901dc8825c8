package dev.mediaqueue.gateway.health;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.Map;

/**
 * The answer of {@code GET /api/health/queue}.
 *
 * @param broker    {@code up} or {@code down}
 * @param queues    per media type: ready jobs, consumers, seconds the oldest queued job has waited
 * @param jobs      jobs per state in the status cache
 * @param checkedAt when the queues were last looked at; null before the first look
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record QueueHealthView(String broker, Map<String, QueueView> queues, Map<String, Long> jobs, Instant checkedAt) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record QueueView(long depth, long consumers, long oldestAgeSeconds) {
    }
}
