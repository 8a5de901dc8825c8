package dev.mediaqueue.bench.broker;

import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.model.WireFormat;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class StatusHistoriesTest {

    @Test
    void aJobsHistoryIsASequenceOfLegalNewerMovesEndingCompleted() {
        List<StatusEvent> events = StatusHistories.completedJob(UUID.randomUUID(), Instant.now(), 1);

        assertThat(events).extracting(StatusEvent::state)
                .containsExactly(JobState.QUEUED, JobState.RUNNING, JobState.RUNNING, JobState.COMPLETED);
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).canReplace(events.get(i - 1))).as("event %d may follow event %d", i, i - 1).isTrue();
        }
        assertThat(events.get(3).result()).isNotNull();
        assertThat(events.get(3).completedAt()).isNotNull();
    }

    @Test
    void eventsHaveTheSizeOfRealOnes() {
        // the gateway's queued event is about 300 bytes, a worker's completed event with a demo result about 600
        List<StatusEvent> events = StatusHistories.completedJob(UUID.randomUUID(), Instant.now(), 1);

        assertThat(WireFormat.write(events.get(0)).length).isBetween(250, 450);
        assertThat(WireFormat.write(events.get(3)).length).isBetween(500, 900);
    }

    @Test
    void eventsSurviveTheWireFormat() {
        StatusEvent completed = StatusHistories.completedEvent(UUID.randomUUID(), Instant.now());

        assertThat(WireFormat.read(WireFormat.write(completed), StatusEvent.class)).isEqualTo(completed);
    }
}
