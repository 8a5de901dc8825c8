package dev.mediaqueue.gateway.job;

import dev.mediaqueue.gateway.system.BrokerRefusedException;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The gateway's job meters, named as in {@code docs/metrics.md}: jobs accepted
 * ({@code mediaqueue.jobs.submitted}), starts refused because the broker did not take the job
 * ({@code mediaqueue.jobs.rejected}), and queued jobs the gateway cancelled itself
 * ({@code mediaqueue.jobs.finished}, outcome {@code cancelled}; workers count every other end).
 *
 * <p>Every series is registered at start with zero, so dashboards and alerts see it before the first job.
 */
@Component
class JobMetrics {

    private final MeterRegistry registry;

    JobMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (MediaType type : MediaType.values()) {
            for (Priority priority : Priority.values()) {
                submittedCounter(type, priority);
            }
            for (BrokerRefusedException.Reason reason : BrokerRefusedException.Reason.values()) {
                rejectedCounter(type, reason);
            }
            cancelledCounter(type);
        }
    }

    /** A job was confirmed by the broker and answered 202. */
    void submitted(MediaType type, Priority priority) {
        submittedCounter(type, priority).increment();
    }

    /** A start was answered 503 because the broker did not take the job. */
    void rejected(MediaType type, BrokerRefusedException.Reason reason) {
        rejectedCounter(type, reason).increment();
    }

    /** The gateway cancelled a job that was still queued; no worker will count it. */
    void cancelledWhileQueued(MediaType type) {
        cancelledCounter(type).increment();
    }

    private Counter submittedCounter(MediaType type, Priority priority) {
        return Counter.builder("mediaqueue.jobs.submitted")
                .description("jobs accepted: confirmed by the broker and answered 202")
                .tag("media_type", type.wireName()).tag("priority", priority.wireName())
                .register(registry);
    }

    private Counter rejectedCounter(MediaType type, BrokerRefusedException.Reason reason) {
        return Counter.builder("mediaqueue.jobs.rejected")
                .description("job starts answered 503 because the broker did not take the job")
                .tag("media_type", type.wireName()).tag("reason", reason.tag())
                .register(registry);
    }

    private Counter cancelledCounter(MediaType type) {
        return Counter.builder("mediaqueue.jobs.finished")
                .description("jobs that reached a terminal state")
                .tag("media_type", type.wireName()).tag("outcome", JobState.CANCELLED.wireName())
                .register(registry);
    }
}
