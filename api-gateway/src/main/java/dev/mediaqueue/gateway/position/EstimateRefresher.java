package dev.mediaqueue.gateway.position;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/** Runs {@link QueueEstimates#refresh()} every {@code mediaqueue.position.refresh-interval}. */
@Component
class EstimateRefresher {

    private final QueueEstimates estimates;
    private final TaskScheduler scheduler;
    private final PositionProperties properties;

    EstimateRefresher(QueueEstimates estimates, TaskScheduler scheduler, PositionProperties properties) {
        this.estimates = estimates;
        this.scheduler = scheduler;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        scheduler.scheduleWithFixedDelay(estimates::refresh, properties.refreshInterval());
    }
}
