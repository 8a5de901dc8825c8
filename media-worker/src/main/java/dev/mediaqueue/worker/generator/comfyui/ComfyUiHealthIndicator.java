package dev.mediaqueue.worker.generator.comfyui;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** {@code comfyui} in {@code /actuator/health}: the latest check of the ComfyUI server, without calling it. */
final class ComfyUiHealthIndicator implements HealthIndicator {

    private final ComfyUiHealthMonitor monitor;
    private final ComfyUiClient client;

    ComfyUiHealthIndicator(ComfyUiHealthMonitor monitor, ComfyUiClient client) {
        this.monitor = monitor;
        this.client = client;
    }

    @Override
    public Health health() {
        ComfyUiHealthMonitor.Check check = monitor.last();
        if (check == null) {
            return Health.unknown().withDetail("url", client.base().toString()).build();
        }
        Health.Builder health = check.up() ? Health.up() : Health.down();
        health.withDetail("url", client.base().toString())
                .withDetail("checked_at", check.at().toString())
                .withDetail("detail", check.detail());
        if (check.version() != null) {
            health.withDetail("version", check.version());
        }
        return health.build();
    }
}
