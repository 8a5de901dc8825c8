package dev.mediaqueue.gateway.position;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class EtaTest {

    @Test
    void shortEstimatesAreRoundedUpToFiveSeconds() {
        assertThat(Eta.rounded(0)).isZero();
        assertThat(Eta.rounded(1)).isEqualTo(5);
        assertThat(Eta.rounded(5_000)).isEqualTo(5);
        assertThat(Eta.rounded(5_001)).isEqualTo(10);
        assertThat(Eta.rounded(60_000)).isEqualTo(60);
    }

    @Test
    void longerEstimatesUseCoarserSteps() {
        assertThat(Eta.rounded(61_000)).isEqualTo(90);
        assertThat(Eta.rounded(600_000)).isEqualTo(600);
        assertThat(Eta.rounded(601_000)).isEqualTo(660);
    }

    @Test
    void aQueuedJobWaitsForWholeRoundsOfWorkAhead() {
        Duration mean = Duration.ofSeconds(60);
        assertThat(Eta.queued(0, 1, mean)).isEqualTo(60);
        assertThat(Eta.queued(1, 1, mean)).isEqualTo(120);
        assertThat(Eta.queued(1, 2, mean)).isEqualTo(60);
        assertThat(Eta.queued(2, 2, mean)).isEqualTo(120);
    }

    @Test
    void unknowableEtasAreNull() {
        assertThat(Eta.queued(3, null, Duration.ofSeconds(1))).isNull();
        assertThat(Eta.queued(3, 0, Duration.ofSeconds(1))).isNull();
        assertThat(Eta.queued(3, 1, null)).isNull();
        assertThat(Eta.running(50, null)).isNull();
    }

    @Test
    void aRunningJobNeedsWhatItsProgressLeaves() {
        assertThat(Eta.running(0, Duration.ofSeconds(40))).isEqualTo(40);
        assertThat(Eta.running(75, Duration.ofSeconds(40))).isEqualTo(10);
        assertThat(Eta.running(100, Duration.ofSeconds(40))).isZero();
    }
}
