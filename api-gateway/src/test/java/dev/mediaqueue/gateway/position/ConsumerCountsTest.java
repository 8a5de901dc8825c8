package dev.mediaqueue.gateway.position;

import dev.mediaqueue.gateway.health.QueueSnapshot;
import dev.mediaqueue.model.MediaType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerCountsTest {

    private final ConsumerCounts counts = new ConsumerCounts();

    @Test
    void takesTheConsumersOfEachQueueFromTheQueuePollersSnapshotAndCountsChangesOnly() {
        counts.on(new QueueSnapshot(true, Map.of(MediaType.IMAGE, new QueueSnapshot.Queue(7, 2),
                MediaType.VIDEO, new QueueSnapshot.Queue(0, 0)), Map.of(), Instant.EPOCH));
        long afterFirst = counts.version();

        assertThat(counts.consumers(MediaType.IMAGE)).isEqualTo(2);
        assertThat(counts.consumers(MediaType.VIDEO)).isZero();
        assertThat(counts.consumers(MediaType.AUDIO)).as("not reported: unknown").isNull();

        counts.on(new QueueSnapshot(true, Map.of(MediaType.IMAGE, new QueueSnapshot.Queue(3, 2),
                MediaType.VIDEO, new QueueSnapshot.Queue(1, 0)), Map.of(), Instant.EPOCH));
        assertThat(counts.version()).as("depth changed, consumers did not").isEqualTo(afterFirst);
    }

    @Test
    void brokerThatDidNotAnswerMakesEveryCountUnknown() {
        counts.on(new QueueSnapshot(true, Map.of(MediaType.IMAGE, new QueueSnapshot.Queue(7, 2)), Map.of(), Instant.EPOCH));
        long before = counts.version();

        counts.on(new QueueSnapshot(false, Map.of(), Map.of(), Instant.EPOCH));

        assertThat(counts.consumers(MediaType.IMAGE)).isNull();
        assertThat(counts.version()).isGreaterThan(before);
    }
}
