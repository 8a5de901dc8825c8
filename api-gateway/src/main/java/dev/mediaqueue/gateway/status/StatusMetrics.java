package dev.mediaqueue.gateway.status;

import dev.mediaqueue.model.JobState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

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
                .description("Status events that changed a job's status").register(registry);
        FunctionCounter.builder("mediaqueue.status.events.ignored", cache, StatusCache::ignoredEvents)
                .description("Status events ignored as late, duplicated or illegal").register(registry);
        FunctionCounter.builder("mediaqueue.status.events.malformed", listener, StatusStreamListener::malformedEvents)
                .description("Messages on the status stream that are not status events").register(registry);
        Gauge.builder("mediaqueue.status.cache.size", cache, StatusCache::size)
                .description("Jobs held in the status cache").register(registry);
        for (JobState state : JobState.values()) {
            Gauge.builder("mediaqueue.status.jobs", cache, c -> c.jobsIn(state))
                    .tag("state", state.wireName())
                    .description("Jobs in the status cache per state").register(registry);
        }
        Gauge.builder("mediaqueue.status.replay.seconds", replay, r -> r.duration().toMillis() / 1000.0)
                .description("How long the status replay at start-up took (so far, while it runs)")
                .baseUnit("seconds").register(registry);
    }
}
