package dev.mediaqueue.gateway.job;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.gateway.system.BrokerRefusedException;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.StatusEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;

/**
 * Sends the cancel command again when a worker reports a cancelled job as running: the worker took the
 * job before the first command arrived, or the command was lost.
 *
 * <p>At most once per job and attempt on each gateway (a bounded set remembers which were repeated),
 * and only for fresh reports: an old {@code running} event read during the start-up replay belongs to
 * a job that is long over.
 */
@Component
class CancelRepeater implements StatusCache.Listener {

    static final Duration FRESH = Duration.ofMinutes(5);
    static final int REMEMBERED = 10_000;

    private static final Logger log = LoggerFactory.getLogger(CancelRepeater.class);

    private final CancelCommandPublisher commands;
    private final Clock clock;
    private final Cache<String, Boolean> repeated = Caffeine.newBuilder()
            .maximumSize(REMEMBERED).expireAfterWrite(Duration.ofHours(1)).build();

    CancelRepeater(CancelCommandPublisher commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    @Override
    public void ignored(StatusEvent current, StatusEvent event) {
        if (!isRunningAfterCancel(current, event) || !isFresh(event) || !firstRepeat(event)) {
            return;
        }
        try {
            commands.publish(event.jobId());
            log.info("Job {} was reported running (attempt {}) after it was cancelled; sent the cancel command again",
                    event.jobId(), event.attempt());
        } catch (BrokerRefusedException e) {
            log.warn("Could not repeat the cancel command for job {}: {}", event.jobId(), e.getMessage());
        }
    }

    private static boolean isRunningAfterCancel(StatusEvent current, StatusEvent event) {
        return current.state() == JobState.CANCELLED && event.state() == JobState.RUNNING;
    }

    private boolean isFresh(StatusEvent event) {
        return event.updatedAt().isAfter(clock.instant().minus(FRESH));
    }

    private boolean firstRepeat(StatusEvent event) {
        return repeated.asMap().putIfAbsent(event.jobId() + "/" + event.attempt(), Boolean.TRUE) == null;
    }
}
