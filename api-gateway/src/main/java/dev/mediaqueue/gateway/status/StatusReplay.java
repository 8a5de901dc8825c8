package dev.mediaqueue.gateway.status;

import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Whether this gateway has read the status stream up to the moment it started.
 *
 * <p>The gateway publishes a marker carrying its own random id to the stream and reads the stream
 * from the beginning; when its marker comes back, every event published before it has been applied.
 */
@Component
class StatusReplay {

    private final String instanceId = UUID.randomUUID().toString();
    private final Clock clock;
    private final Instant startedAt;
    private volatile Duration duration;

    StatusReplay(Clock clock) {
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    String instanceId() {
        return instanceId;
    }

    boolean isCaughtUp() {
        return duration != null;
    }

    /** Handles a replay marker; returns whether it was this gateway's own. */
    boolean markerSeen(String markerId) {
        if (!instanceId.equals(markerId)) {
            return false;
        }
        if (duration == null) {
            duration = Duration.between(startedAt, clock.instant());
        }
        return true;
    }

    /** How long the replay took, or has taken so far. */
    Duration duration() {
        Duration done = duration;
        return done != null ? done : Duration.between(startedAt, clock.instant());
    }
}
