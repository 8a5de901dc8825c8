package dev.mediaqueue.gateway.status;

import dev.mediaqueue.model.JobState;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * How long a client should wait before polling a job again; 0 once nothing will change. A job deep in
 * the queue will not start soon, so its pollers are slowed down, up to a cap.
 */
@EnableConfigurationProperties(StatusProperties.class)
@Component
public class PollAdvice {

    private final StatusProperties properties;

    PollAdvice(StatusProperties properties) {
        this.properties = properties;
    }

    public long pollAfterMs(JobState state) {
        return pollAfterMs(state, null);
    }

    /** @param jobsAhead the job's queue position, or null when unknown */
    public long pollAfterMs(JobState state, Integer jobsAhead) {
        return switch (state) {
            case QUEUED -> queued(jobsAhead == null ? 0 : jobsAhead);
            case RUNNING -> properties.pollAfterRunning().toMillis();
            case COMPLETED, FAILED, CANCELLED -> 0;
        };
    }

    private long queued(int jobsAhead) {
        long base = properties.pollAfterQueued().toMillis();
        long max = Math.max(base, properties.pollAfterQueuedMax().toMillis());
        long perJob = properties.pollAfterPerJobAhead().toMillis();
        // jobsAhead × perJob cannot overflow for any real queue, but a cap first keeps it obviously safe
        return Math.min(max, base + Math.min(jobsAhead, max) * perJob);
    }
}
