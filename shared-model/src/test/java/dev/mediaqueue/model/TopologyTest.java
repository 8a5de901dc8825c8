package dev.mediaqueue.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class TopologyTest {

    @Test
    void jobQueuesAreClassicPriorityQueuesWithDeadLetteringAndABound() {
        assertThat(Topology.jobQueue(MediaType.VIDEO)).isEqualTo("media.jobs.video");
        assertThat(Topology.jobQueueArguments(Topology.Settings.DEFAULTS))
                .containsEntry("x-queue-type", "classic")
                .containsEntry("x-max-priority", 4)
                .containsEntry("x-dead-letter-exchange", "media.jobs.dlx")
                .containsEntry("x-overflow", "reject-publish")
                .containsEntry("x-max-length", 100_000L);
    }

    @Test
    void theStatusStreamKeepsTheConfiguredRetentionInSmallSegments() {
        var settings = new Topology.Settings(10, Duration.ofHours(6), 500_000);
        assertThat(Topology.statusStreamArguments(settings))
                .containsEntry("x-queue-type", "stream")
                .containsEntry("x-max-age", "21600s")
                .containsEntry("x-stream-max-segment-size-bytes", 500_000L);
    }

    @Test
    void priorityTiersMapToAmqpPrioritiesOneToFour() {
        assertThat(Priority.LOW.amqpPriority()).isEqualTo(1);
        assertThat(Priority.URGENT.amqpPriority()).isEqualTo(Topology.MAX_PRIORITY);
        assertThat(Priority.HIGH.isAbove(Priority.NORMAL)).isTrue();
    }
}
