package dev.mediaqueue.worker.progress;

import dev.mediaqueue.worker.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressThrottleTest {

    private static final Duration INTERVAL = Duration.ofMillis(250);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ProgressThrottle throttle = new ProgressThrottle(clock, INTERVAL);

    @Test
    void firstReportPasses() {
        assertThat(throttle.tryPass(0, "Starting")).isTrue();
    }

    @Test
    void unchangedReportIsDroppedEvenAfterTheInterval() {
        throttle.tryPass(10, "Step 1");
        clock.advance(INTERVAL.multipliedBy(4));

        assertThat(throttle.tryPass(10, "Step 1")).isFalse();
    }

    @Test
    void changeWithinTheIntervalIsDropped() {
        throttle.tryPass(10, "Step 1");
        clock.advance(INTERVAL.minusMillis(1));

        assertThat(throttle.tryPass(20, "Step 2")).isFalse();
    }

    @Test
    void changeOnceTheIntervalPassedGoesThrough() {
        throttle.tryPass(10, "Step 1");
        clock.advance(INTERVAL);

        assertThat(throttle.tryPass(20, "Step 2")).isTrue();
    }

    @Test
    void droppedReportDoesNotRestartTheInterval() {
        throttle.tryPass(10, "Step 1");
        clock.advance(Duration.ofMillis(200));
        throttle.tryPass(15, "Step 1.5");
        clock.advance(Duration.ofMillis(50));

        assertThat(throttle.tryPass(20, "Step 2")).isTrue();
    }

    @Test
    void messageChangeAloneCountsAsAChange() {
        throttle.tryPass(50, "Sampling");
        clock.advance(INTERVAL);

        assertThat(throttle.tryPass(50, "Decoding")).isTrue();
    }

    @Test
    void finalReportPassesWithinTheInterval() {
        throttle.tryPass(90, "Step 9");

        assertThat(throttle.tryPass(100, "Done")).isTrue();
        assertThat(throttle.tryPass(100, "Done")).isFalse();
    }

    @Test
    void atMostOneReportPerIntervalUnderAFloodOfChanges() {
        int passed = 0;
        for (int percent = 0; percent < 99; percent++) {
            if (throttle.tryPass(percent, null)) {
                passed++;
            }
            clock.advance(Duration.ofMillis(10));
        }
        // 99 reports 10 ms apart span 990 ms: one at 0 and one after each 250 ms
        assertThat(passed).isEqualTo(4);
    }
}
