package dev.mediaqueue.gateway.health;

import dev.mediaqueue.model.MediaType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * The job queue gauges, named as in {@code docs/metrics.md}, read from the poller's snapshot: depth,
 * consumers, and the age of the oldest job still queued. Depth and consumers are NaN while the broker
 * cannot be reached, so an alert on them neither fires nor clears on a guess.
 */
@Component
class QueueMetrics implements MeterBinder {

    private final QueuePoller poller;
    private final Clock clock;

    QueueMetrics(QueuePoller poller, Clock clock) {
        this.poller = poller;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (MediaType type : MediaType.values()) {
            Gauge.builder("mediaqueue.queue.depth.messages", poller,
                            p -> p.current().queue(type).map(q -> (double) q.depth()).orElse(Double.NaN))
                    .description("ready jobs in media.jobs.<type>, as of the last look (every few seconds)")
                    .tag("media_type", type.wireName()).register(registry);
            Gauge.builder("mediaqueue.queue.consumers", poller,
                            p -> p.current().queue(type).map(q -> (double) q.consumers()).orElse(Double.NaN))
                    .description("consumers (workers) of media.jobs.<type>, as of the last look")
                    .tag("media_type", type.wireName()).register(registry);
            Gauge.builder("mediaqueue.queue.oldest.age.seconds", poller,
                            p -> p.current().oldestAge(type, clock.instant()).toMillis() / 1000.0)
                    .description("how long the oldest job still queued of the type has waited")
                    .tag("media_type", type.wireName()).register(registry);
        }
    }
}
