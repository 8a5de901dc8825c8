package dev.mediaqueue.worker.job;

import dev.mediaqueue.worker.generator.BackendAvailability;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Stops taking jobs while the generator's backend is unavailable and takes them again when it is back. */
@Component
class BackendAvailabilityListener {

    private final JobListenerContainers containers;

    BackendAvailabilityListener(JobListenerContainers containers) {
        this.containers = containers;
    }

    @EventListener
    void on(BackendAvailability availability) {
        if (availability.available()) {
            containers.resume();
        } else {
            containers.pause();
        }
    }
}
