package dev.mediaqueue.worker.generator.comfyui;

import dev.mediaqueue.worker.generator.BackendAvailability;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Checks the ComfyUI server ({@code GET /system_stats}) at start, before the job consumers start, and then
 * every {@code health-interval}.
 *
 * <p>When the server stops answering, the worker stops taking jobs ({@link BackendAvailability}) and
 * reports itself not ready ({@code /actuator/health/readiness} DOWN), so jobs wait in the queue for a
 * healthy GPU instead of failing here; when it answers again, both come back. The readiness is held DOWN
 * even against the application's own "ready" signal at the end of start-up.
 */
final class ComfyUiHealthMonitor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ComfyUiHealthMonitor.class);

    /** Before the job consumers (default phase), so they start paused when ComfyUI is down. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1000;

    /** The outcome of the latest check. */
    record Check(boolean up, Instant at, String detail, @Nullable String version) {
    }

    private final ComfyUiClient client;
    private final ComfyUiProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private volatile @Nullable Check last;
    private volatile @Nullable ScheduledExecutorService scheduler;

    ComfyUiHealthMonitor(ComfyUiClient client, ComfyUiProperties properties, ApplicationEventPublisher events, Clock clock) {
        this.client = client;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public void start() {
        check();
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "comfyui-health");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.healthInterval().toMillis();
        executor.scheduleWithFixedDelay(this::check, interval, interval, TimeUnit.MILLISECONDS);
        scheduler = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = scheduler;
        scheduler = null;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The latest check, or null before the first. */
    @Nullable Check last() {
        return last;
    }

    /** Checks the server once and reports a change. */
    void check() {
        Check now;
        try {
            JsonNode stats = client.systemStats();
            now = new Check(true, clock.instant(), describe(stats), stats.path("system").path("comfyui_version").asString(null));
        } catch (IOException | RuntimeException e) {
            now = new Check(false, clock.instant(), "unreachable: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Check previous = last;
        last = now;
        if (previous == null ? !now.up() : previous.up() != now.up()) {
            changed(now);
        }
    }

    private void changed(Check now) {
        if (now.up()) {
            log.info("ComfyUI at {} is back ({}); taking jobs again", client.base(), now.detail());
        } else {
            log.warn("ComfyUI at {} is {}; taking no jobs until it answers again", client.base(), now.detail());
        }
        events.publishEvent(new BackendAvailability("comfyui", now.up(), now.detail()));
        AvailabilityChangeEvent.publish(events, this, now.up() ? ReadinessState.ACCEPTING_TRAFFIC : ReadinessState.REFUSING_TRAFFIC);
    }

    /** Keeps the worker not ready while ComfyUI is down, also when the application declares itself ready. */
    @EventListener
    void onReadiness(AvailabilityChangeEvent<ReadinessState> event) {
        Check current = last;
        if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC && current != null && !current.up()) {
            AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        }
    }

    private static String describe(JsonNode stats) {
        JsonNode device = stats.path("devices").path(0);
        String version = stats.path("system").path("comfyui_version").asString("?");
        return "version " + version + (device.isMissingNode() ? "" : ", " + device.path("name").asString("?")
                + ", VRAM free " + device.path("vram_free").asLong(0) / (1024 * 1024) + " MiB");
    }
}
