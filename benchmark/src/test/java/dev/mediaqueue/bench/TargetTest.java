package dev.mediaqueue.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TargetTest {

    private static final Measurement BASELINE = Measurement.of("baseline-http", "req/s, 8 clients", "req/s", 10_000);

    @Test
    void anUpperBoundIsMetAtOrBelowIt() {
        Target target = Target.atMost(5);

        assertThat(target.isMetBy(Measurement.of("poll", "p99", "ms", 5), 1)).contains(true);
        assertThat(target.isMetBy(Measurement.of("poll", "p99", "ms", 5.01), 1)).contains(false);
    }

    @Test
    void aLowerBoundIsMetAtOrAboveIt() {
        Target target = Target.atLeast(1000);

        assertThat(target.isMetBy(Measurement.of("e2e", "jobs/s", "jobs/s", 1000), 1)).contains(true);
        assertThat(target.isMetBy(Measurement.of("e2e", "jobs/s", "jobs/s", 999), 1)).contains(false);
    }

    @Test
    void aRatioTargetComparesWithTheBaseline() {
        Target target = Target.ratioAtLeast(0.7);

        assertThat(target.isMetBy(Measurement.of("poll", "req/s", "req/s", 7_000).against(BASELINE), 1)).contains(true);
        assertThat(target.isMetBy(Measurement.of("poll", "req/s", "req/s", 6_999).against(BASELINE), 1)).contains(false);
    }

    @Test
    void aRatioTargetIsNotJudgedWithoutItsBaseline() {
        assertThat(Target.ratioAtLeast(0.7).isMetBy(Measurement.of("poll", "req/s", "req/s", 7_000), 1)).isEmpty();
    }

    @Test
    void aFullScaleTargetIsNotJudgedInAScaledRun() {
        Target target = Target.atMost(20).atFullScaleOnly();
        Measurement fast = Measurement.of("replay", "launch → ready", "s", 3);

        assertThat(target.isMetBy(fast, 0.05)).isEmpty();
        assertThat(target.isMetBy(fast, 1)).contains(true);
    }

    @Test
    void targetsReadAsTheIssueStatesThem() {
        assertThat(Target.atMost(5).describe("ms")).isEqualTo("≤ 5 ms");
        assertThat(Target.atLeast(1000).describe("jobs/s")).isEqualTo("≥ 1,000 jobs/s");
        assertThat(Target.ratioAtLeast(0.7).describe("req/s")).isEqualTo("≥ 70 % of baseline");
        assertThat(Target.atMost(20).atFullScaleOnly().describe("s")).isEqualTo("≤ 20 s (scale 1)");
    }
}
