package dev.mediaqueue.gateway.position;

import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * How long the last jobs of each media type ran, from {@code started_at} to {@code completed_at} of
 * their {@code completed} events. Failed and cancelled jobs say nothing about the work a job takes.
 */
@Component
class RunTimes {

    private final int samples;
    private final Map<MediaType, Window> windows = new EnumMap<>(MediaType.class);

    RunTimes(StatusCache cache, PositionProperties properties) {
        this.samples = Math.max(1, properties.runTimeSamples());
        for (MediaType type : MediaType.values()) {
            windows.put(type, new Window());
        }
        cache.onApplied(this::applied);
    }

    /** The mean run time of the last completed jobs of a type, or empty before the first one completed. */
    Optional<Duration> mean(MediaType type) {
        Window window = windows.get(type);
        synchronized (window) {
            return window.runs.isEmpty() ? Optional.empty()
                    : Optional.of(Duration.ofMillis(window.totalMillis / window.runs.size()));
        }
    }

    /** Grows with every observed run of {@code type}. */
    long version(MediaType type) {
        Window window = windows.get(type);
        synchronized (window) {
            return window.version;
        }
    }

    private void applied(StatusEvent event) {
        if (event.state() != JobState.COMPLETED || event.startedAt() == null || event.completedAt() == null) {
            return;
        }
        long millis = Duration.between(event.startedAt(), event.completedAt()).toMillis();
        if (millis < 0) {
            return;
        }
        Window window = windows.get(event.mediaType());
        synchronized (window) {
            window.add(millis, samples);
        }
    }

    private static final class Window {
        private final Deque<Long> runs = new ArrayDeque<>();
        private long totalMillis;
        private long version;

        void add(long millis, int samples) {
            runs.addLast(millis);
            totalMillis += millis;
            if (runs.size() > samples) {
                totalMillis -= runs.removeFirst();
            }
            version++;
        }
    }
}
