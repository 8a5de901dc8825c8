package dev.mediaqueue.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatusEventTest {

    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");

    private final JobMessage job = new JobMessage(UUID.randomUUID(), MediaType.VIDEO, "wan22", "a red house", "en",
            Priority.HIGH, Map.of("steps", 30), "acme", T0, null, null);
    private final StatusEvent queued = StatusEvent.queued(job);

    @Test
    void theFirstEventIsQueuedAttemptZeroAndCarriesWhatAPollNeeds() {
        assertThat(queued.state()).isEqualTo(JobState.QUEUED);
        assertThat(queued.attempt()).isZero();
        assertThat(queued.seq()).isZero();
        assertThat(queued.mediaType()).isEqualTo(MediaType.VIDEO);
        assertThat(queued.priority()).isEqualTo(Priority.HIGH);
        assertThat(queued.tenant()).isEqualTo("acme");
        assertThat(queued.routingKey()).isEqualTo("video.queued");
    }

    @Test
    void aNewerLegalEventReplacesTheCurrentOne() {
        StatusEvent running = running(1, 1, 0);
        assertThat(running.canReplace(queued)).isTrue();
        assertThat(running(1, 2, 40).canReplace(running)).isTrue();
    }

    @Test
    void anyEventReplacesAnUnknownJob() {
        assertThat(running(2, 5, 50).canReplace(null)).isTrue();
    }

    @Test
    void aDuplicateEventIsIgnored() {
        StatusEvent progress = running(1, 3, 30);
        assertThat(progress.canReplace(progress)).isFalse();
    }

    @Test
    void lateProgressAfterCompletionIsIgnored() {
        StatusEvent completed = running(1, 9, 100).next().state(JobState.COMPLETED).seq(10).at(T0.plusSeconds(9));
        assertThat(running(1, 8, 90).canReplace(completed)).isFalse();
        assertThat(running(2, 1, 0).canReplace(completed)).isFalse();
    }

    @Test
    void reorderedProgressNeverMovesBackwards() {
        StatusEvent later = running(1, 5, 50);
        assertThat(running(1, 4, 40).canReplace(later)).isFalse();
    }

    @Test
    void progressRestartingInANewAttemptIsNotGoingBackwards() {
        StatusEvent firstAttempt = running(1, 7, 70);
        StatusEvent requeued = queued.next().attempt(2).seq(0).message("Requeued").at(T0.plusSeconds(20));
        assertThat(requeued.canReplace(firstAttempt)).isTrue();
        assertThat(running(2, 1, 0).canReplace(requeued)).isTrue();
        assertThat(running(2, 1, 0).canReplace(firstAttempt)).isTrue();
    }

    @Test
    void anOlderAttemptCannotOverrideANewerOne() {
        assertThat(running(1, 50, 99).canReplace(running(2, 1, 0))).isFalse();
    }

    @Test
    void progressOutsideZeroToHundredIsRejected() {
        assertThatThrownBy(() -> queued.next().progress(101).at(T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> queued.next().progress(-1).at(T0)).isInstanceOf(IllegalArgumentException.class);
    }

    private StatusEvent running(int attempt, long seq, int progress) {
        return queued.next().state(JobState.RUNNING).attempt(attempt).seq(seq).progress(progress)
                .startedAt(T0.plusSeconds(1)).workerId("w1").at(T0.plusSeconds(seq));
    }
}
