package dev.mediaqueue.gateway.job;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.List;
import java.util.UUID;

/**
 * The answer to {@code POST /api/job/batch}.
 *
 * @param batchId   the batch
 * @param jobIds    the jobs, in the order of the request's items
 * @param statusUrl {@code /api/job/batch/<id>}, the batch's roll-up
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record BatchAccepted(UUID batchId, List<UUID> jobIds, String statusUrl) {

    static BatchAccepted of(UUID batchId, List<UUID> jobIds) {
        return new BatchAccepted(batchId, List.copyOf(jobIds), "/api/job/batch/" + batchId);
    }
}
