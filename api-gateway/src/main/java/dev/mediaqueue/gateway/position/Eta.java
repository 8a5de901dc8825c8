package dev.mediaqueue.gateway.position;

import java.time.Duration;

/**
 * Estimated seconds until a job completes, from the mean run time of its media type. Rounded up to
 * steps that grow with the estimate, so it does not change (and wake every waiting poller) with every
 * small shift of the mean.
 */
final class Eta {

    private Eta() {
    }

    /**
     * A queued job waits for {@code jobsAhead / consumers} rounds of work, then runs itself.
     *
     * @return seconds, or null without a consumer or an observed run time
     */
    static Integer queued(int jobsAhead, Integer consumers, Duration meanRunTime) {
        if (consumers == null || consumers < 1 || meanRunTime == null) {
            return null;
        }
        long rounds = jobsAhead / consumers + 1L;
        return rounded(rounds * meanRunTime.toMillis());
    }

    /** A running job needs what its progress leaves of the mean run time; null without one. */
    static Integer running(int progress, Duration meanRunTime) {
        if (meanRunTime == null) {
            return null;
        }
        int left = 100 - Math.max(0, Math.min(100, progress));
        return rounded(meanRunTime.toMillis() * left / 100);
    }

    /** Up to 1 min in steps of 5 s, up to 10 min in steps of 30 s, beyond in whole minutes. */
    static Integer rounded(long millis) {
        long seconds = Math.max(0, (millis + 999) / 1000);
        long step = seconds <= 60 ? 5 : seconds <= 600 ? 30 : 60;
        long up = (seconds + step - 1) / step * step;
        return (int) Math.min(Integer.MAX_VALUE, up);
    }
}
