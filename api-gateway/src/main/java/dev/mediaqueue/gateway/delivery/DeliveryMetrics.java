package dev.mediaqueue.gateway.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

@Component
class DeliveryMetrics implements MeterBinder {

    private final StatusWaiters waiters;
    private final StatusStreams streams;

    DeliveryMetrics(StatusWaiters waiters, StatusStreams streams) {
        this.waiters = waiters;
        this.streams = streams;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("mediaqueue.delivery.held", waiters, StatusWaiters::size)
                .description("Requests held open for a job: long polls, waits on a start, event streams").register(registry);
        Gauge.builder("mediaqueue.delivery.streams", streams, StatusStreams::size)
                .description("Open event streams").register(registry);
    }
}
