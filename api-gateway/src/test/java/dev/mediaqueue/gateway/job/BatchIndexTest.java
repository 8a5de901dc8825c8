package dev.mediaqueue.gateway.job;

import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobResult;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.JobStatusView;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class BatchIndexTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final BatchIndex index = new BatchIndex();
    private final StatusCache cache = new StatusCache(List.of(index));
    private final UUID batchId = UUID.randomUUID();
    private final List<StatusEvent> jobs = IntStream.range(0, 4).mapToObj(i -> queued(batchId, "alice", i)).toList();

    @Test
    void batchListsItsJobsInStartOrder() {
        jobs.forEach(cache::apply);
        cache.apply(queued(null, "alice", 9));

        assertThat(index.find(batchId)).hasValueSatisfying(batch -> {
            assertThat(batch.tenant()).isEqualTo("alice");
            assertThat(batch.jobIds()).containsExactlyElementsOf(jobs.stream().map(StatusEvent::jobId).toList());
        });
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void laterEventsOfAJobDoNotAddItAgain() {
        jobs.forEach(cache::apply);
        cache.apply(jobs.get(0).next().state(JobState.RUNNING).attempt(1).seq(0).at(T0.plusSeconds(5)));

        assertThat(index.find(batchId).orElseThrow().jobIds()).hasSize(4);
    }

    @Test
    void batchIsForgottenWhenItsLastJobLeavesTheCache() {
        jobs.forEach(job -> cache.apply(job.next().state(JobState.CANCELLED).seq(1).at(T0.plusSeconds(1))));
        jobs.forEach(cache::apply);

        cache.evictFinishedBefore(T0.plusSeconds(2));

        assertThat(index.find(batchId)).isEmpty();
        assertThat(index.size()).isZero();
    }

    @Test
    void rollUpCountsEveryStateAndKeepsTheItemOrder() {
        StatusEvent running = jobs.get(1).next().state(JobState.RUNNING).attempt(1).seq(0).progress(40).at(T0);
        StatusEvent completed = jobs.get(2).next().state(JobState.COMPLETED).attempt(1).seq(3).progress(100)
                .result(new JobResult("/exports/x.png", "image/png", 3, Map.of())).at(T0);
        List<JobStatusView> items = List.of(view(jobs.get(0)), view(running), view(completed), view(jobs.get(3)));

        BatchStatusView rollUp = BatchStatusView.of(batchId, items);

        assertThat(rollUp.total()).isEqualTo(4);
        assertThat(rollUp.counts()).containsExactly(Map.entry("queued", 2), Map.entry("running", 1),
                Map.entry("completed", 1), Map.entry("failed", 0), Map.entry("cancelled", 0));
        assertThat(rollUp.items()).extracting(JobStatusView::jobId)
                .containsExactlyElementsOf(jobs.stream().map(StatusEvent::jobId).toList());
    }

    private static JobStatusView view(StatusEvent event) {
        return JobStatusView.of(event, null, null, 0);
    }

    private static StatusEvent queued(UUID batchId, String tenant, int i) {
        return StatusEvent.queued(new JobMessage(UUID.randomUUID(), MediaType.IMAGE, null, "item " + i, null, null,
                Map.of(), tenant, T0.plusMillis(i), null, batchId));
    }
}
