package dev.mediaqueue.worker.job;

import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.worker.progress.StatusEvents;
import dev.mediaqueue.worker.system.WorkerProperties;
import dev.mediaqueue.worker.testing.MutableClock;
import dev.mediaqueue.worker.testing.RecordingStatusPublisher;
import org.junit.jupiter.api.RepeatedTest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NextAttemptsTest {

    private final WorkerProperties worker = new WorkerProperties(List.of(MediaType.IMAGE), "worker-1", 10,
            Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(30));
    private final NextAttempts nextAttempts = new NextAttempts(
            new StatusEvents(new RecordingStatusPublisher(), new MutableClock(Instant.EPOCH), worker), worker,
            new JobLifecycleProperties(
                    new JobLifecycleProperties.MaxRunTime(Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofMinutes(10)),
                    new JobLifecycleProperties.MaxQueueTime(null, null, null),
                    new JobLifecycleProperties.RetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(60), 2)));

    @RepeatedTest(20)
    void backoffGrowsExponentiallyWithJitterAndStaysWithinInitialAndMax() {
        assertThat(nextAttempts.backOff(1)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(3));
        assertThat(nextAttempts.backOff(2)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(6));
        assertThat(nextAttempts.backOff(4)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(24));
        assertThat(nextAttempts.backOff(9)).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    @RepeatedTest(5)
    void backoffIsJittered() {
        List<Duration> pauses = java.util.stream.IntStream.range(0, 20).mapToObj(i -> nextAttempts.backOff(3)).toList();

        // millisecond pauses over a range of about a second: a few equal draws are chance, a handful of values is not jitter
        assertThat(pauses.stream().distinct().count()).isGreaterThanOrEqualTo(15);
    }
}
