package dev.mediaqueue.gateway.status;

import dev.mediaqueue.gateway.status.StatusCache.IgnoreReason;
import dev.mediaqueue.model.JobState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

import java.util.Locale;

/** The status cache's meters, named as in {@code docs/metrics.md}; each reads a counter the cache keeps anyway. */
@Component
class StatusMetrics implements MeterBinder {

    private final StatusCache cache;
    private final StatusStreamListener listener;
    private final StatusReplay replay;

    StatusMetrics(StatusCache cache, StatusStreamListener listener, StatusReplay replay) {
        this.cache = cache;
        this.listener = listener;
        this.replay = replay;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("mediaqueue.status.events.applied", cache, StatusCache::appliedEvents)
                .description("status events that changed a job's status").register(registry);
        for (IgnoreReason reason : IgnoreReason.values()) {
            FunctionCounter.builder("mediaqueue.status.events.ignored", cache, c -> ignored(c, reason))
                    .description("status events ignored: stale (late or duplicated), illegal moves, malformed messages")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        Gauge.builder("mediaqueue.status.cache.size.jobs", cache, StatusCache::size)
                .description("jobs held in the status cache").register(registry);
        for (JobState state : JobState.values()) {
            Gauge.builder("mediaqueue.jobs", cache, c -> c.jobsIn(state))
                    .tag("state", state.wireName())
                    .description("jobs in the status cache per state").register(registry);
        }
        Gauge.builder("mediaqueue.status.replay.seconds", replay, r -> r.isCaughtUp() ? r.duration().toMillis() / 1000.0 : 0)
                .description("how long the status replay at start-up took; 0 until it caught up").register(registry);
        Gauge.builder("mediaqueue.status.replay.caught.up", replay, r -> r.isCaughtUp() ? 1 : 0)
                .description("1 once the status replay at start-up caught up, else 0").register(registry);
    }

    private double ignored(StatusCache cache, IgnoreReason reason) {
        // messages that are no status event at all never reach the cache: the listener counts them
        long notEvents = reason == IgnoreReason.MALFORMED ? listener.malformedEvents() : 0;
        return cache.ignoredEvents(reason) + notEvents;
    }
}
