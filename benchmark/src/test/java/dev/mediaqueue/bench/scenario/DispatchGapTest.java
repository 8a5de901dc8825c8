package dev.mediaqueue.bench.scenario;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DispatchGapTest {

    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");

    private static DispatchGap.Run run(long startMs, long endMs) {
        return new DispatchGap.Run(T0.plusMillis(startMs), T0.plusMillis(endMs));
    }

    @Test
    void idleTimeIsFromOneJobsEndToTheNextJobsStartWhateverTheOrderOfTheStatuses() {
        // three 50 ms jobs that each ran 2 ms long; 1 ms and 3 ms between them
        List<DispatchGap.Run> runs = List.of(run(108, 160), run(0, 52), run(53, 105));

        DispatchGap gap = DispatchGap.of(runs, Duration.ofMillis(50));

        assertThat(gap.jobs()).isEqualTo(3);
        assertThat(gap.total()).isEqualTo(Duration.ofMillis(160));
        assertThat(gap.idlePerJob()).isCloseTo(2.0, within(1e-9));
        assertThat(gap.gaps().maxMillis()).isCloseTo(3.0, within(0.01));
        assertThat(gap.meanRunOver()).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void theIssuesFormulaCountsTheOverrunOfEachJobAsIdleTime() {
        DispatchGap gap = DispatchGap.of(List.of(run(0, 52), run(53, 105), run(108, 160)), Duration.ofMillis(50));

        // (160 − 3 × 50) ÷ 3 = 3.33 ms: 2 ms of overrun per job + (1 + 3) ms of idle time ÷ 3
        assertThat(gap.issueFormula()).isCloseTo(10 / 3.0, within(1e-9));
    }
}
