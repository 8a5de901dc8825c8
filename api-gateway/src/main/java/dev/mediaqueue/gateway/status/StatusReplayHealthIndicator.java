package dev.mediaqueue.gateway.status;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code statusReplay}: part of readiness, so no traffic reaches a gateway that would answer 404 for known jobs. */
@Component
class StatusReplayHealthIndicator implements HealthIndicator {

    private final StatusReplay replay;

    StatusReplayHealthIndicator(StatusReplay replay) {
        this.replay = replay;
    }

    @Override
    public Health health() {
        Health.Builder health = replay.isCaughtUp() ? Health.up() : Health.down();
        return health.withDetail("seconds", replay.duration().toMillis() / 1000.0).build();
    }
}
