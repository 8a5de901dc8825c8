package dev.mediaqueue.gateway.job;

import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.gateway.system.BrokerRefusedException;
import dev.mediaqueue.gateway.system.ConfirmedPublisher;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.model.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;

/**
 * Stops a job that has not finished.
 *
 * <p>A queued job is cancelled by the gateway itself: its {@code cancelled} event is published
 * (confirmed) and applied, so it is {@code cancelled} at once, and a cancel command follows because a
 * worker may already hold the job (its {@code running} event still on the way). A running job gets
 * only the cancel command; its worker stops it and reports {@code cancelled}.
 */
@Component
class JobCanceller {

    static final String CANCELLED_MESSAGE = "Cancelled by the caller";

    private static final Logger log = LoggerFactory.getLogger(JobCanceller.class);

    private final ConfirmedPublisher publisher;
    private final CancelCommandPublisher commands;
    private final StatusCache cache;
    private final Clock clock;
    private final JobMetrics metrics;

    JobCanceller(ConfirmedPublisher publisher, CancelCommandPublisher commands, StatusCache cache, Clock clock,
                 JobMetrics metrics) {
        this.publisher = publisher;
        this.commands = commands;
        this.cache = cache;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Cancels a job that is not terminal and returns its status afterwards.
     *
     * @throws BrokerRefusedException when the broker took neither the cancelled event nor, for a running
     *                                job, the cancel command; then nothing changed
     */
    StatusEvent cancel(StatusEvent current) {
        if (current.state() == JobState.QUEUED) {
            cancelQueued(current);
            sendCommandQuietly(current);
        } else {
            commands.publish(current.jobId());
            log.info("Sent a cancel command for running job {}", current.jobId());
        }
        return cache.get(current.jobId()).orElse(current);
    }

    /** Cancels a job that was just started, for a batch that could not be started whole; best effort. */
    void withdraw(StatusEvent queued) {
        try {
            cancelQueued(queued);
        } catch (BrokerRefusedException e) {
            log.warn("Could not withdraw job {} of a failed batch: {}", queued.jobId(), e.getMessage());
        }
        sendCommandQuietly(queued);
    }

    private void cancelQueued(StatusEvent queued) {
        Instant now = clock.instant();
        StatusEvent cancelled = queued.next().state(JobState.CANCELLED).seq(queued.seq() + 1)
                .message(CANCELLED_MESSAGE).completedAt(now).at(now);
        publisher.publish(Topology.STATUS_EXCHANGE, cancelled.routingKey(), JobPublisher.statusMessage(cancelled));
        if (cache.apply(cancelled) == StatusCache.Outcome.APPLIED) {
            // a queued job never reaches a worker's finished count: the gateway counts it
            metrics.cancelledWhileQueued(queued.mediaType());
        }
        log.info("Cancelled queued job {}", queued.jobId());
    }

    /**
     * The job is cancelled already; a worker that runs it anyway reports {@code running}, and the
     * gateway then repeats the command ({@link CancelRepeater}).
     */
    private void sendCommandQuietly(StatusEvent job) {
        try {
            commands.publish(job.jobId());
        } catch (BrokerRefusedException e) {
            log.warn("Could not send the cancel command for job {}: {}", job.jobId(), e.getMessage());
        }
    }
}
