package dev.mediaqueue.worker.progress;

import org.jspecify.annotations.Nullable;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Decides which progress reports of one job are worth an event: only real changes, at most one per
 * interval, and always the report that says the work is done (100 %).
 */
final class ProgressThrottle {

    private final Clock clock;
    private final Duration interval;
    private int lastPercent = -1;
    private @Nullable String lastMessage;
    private @Nullable Instant lastPassed;

    ProgressThrottle(Clock clock, Duration interval) {
        this.clock = clock;
        this.interval = interval;
    }

    /** Whether this report should be published now; when it should, it becomes the last one published. */
    synchronized boolean tryPass(int percent, @Nullable String message) {
        if (!isChange(percent, message)) {
            return false;
        }
        Instant now = clock.instant();
        if (!isFinal(percent) && isWithinInterval(now)) {
            return false;
        }
        lastPercent = percent;
        lastMessage = message;
        lastPassed = now;
        return true;
    }

    private boolean isChange(int percent, @Nullable String message) {
        return percent != lastPercent || !Objects.equals(message, lastMessage);
    }

    private static boolean isFinal(int percent) {
        return percent >= 100;
    }

    private boolean isWithinInterval(Instant now) {
        return lastPassed != null && now.isBefore(lastPassed.plus(interval));
    }
}
