package dev.mediaqueue.gateway.job;

import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.JobStatusView;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The answer to {@code GET /api/job/batch/<id>}: how many of the batch's jobs are in each state, and
 * each job's status.
 *
 * @param total  jobs in the batch
 * @param counts jobs per state, every state listed (0 when none)
 * @param items  the jobs' statuses, in the order of the request's items
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record BatchStatusView(UUID batchId, int total, Map<String, Integer> counts, List<JobStatusView> items) {

    static BatchStatusView of(UUID batchId, List<JobStatusView> items) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (JobState state : JobState.values()) {
            counts.put(state.wireName(), 0);
        }
        items.forEach(item -> counts.merge(item.status().wireName(), 1, Integer::sum));
        return new BatchStatusView(batchId, items.size(), counts, List.copyOf(items));
    }
}
