package dev.mediaqueue.gateway.status;

import dev.mediaqueue.model.JobState;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/** How long a client should wait before polling a job again; 0 once nothing will change. */
@EnableConfigurationProperties(StatusProperties.class)
@Component
public class PollAdvice {

    private final StatusProperties properties;

    PollAdvice(StatusProperties properties) {
        this.properties = properties;
    }

    public long pollAfterMs(JobState state) {
        return switch (state) {
            case QUEUED -> properties.pollAfterQueued().toMillis();
            case RUNNING -> properties.pollAfterRunning().toMillis();
            case COMPLETED, FAILED, CANCELLED -> 0;
        };
    }
}
