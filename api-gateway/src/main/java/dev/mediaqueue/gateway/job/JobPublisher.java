package dev.mediaqueue.gateway.job;

import dev.mediaqueue.gateway.system.BrokerRefusedException;
import dev.mediaqueue.gateway.system.ConfirmedPublisher;
import dev.mediaqueue.model.ErrorType;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.model.Topology;
import dev.mediaqueue.model.WireFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;

/**
 * Hands a job to the broker: first its {@code queued} event, then the job message, each confirmed.
 *
 * <p>The event goes first so the status history never shows a job running that it does not know.
 * If either publish fails the job is not accepted, and a {@code failed} event is published (best
 * effort) so no gateway keeps the job queued forever.
 */
@Component
class JobPublisher {

    static final String REJECTED_TEXT = "the broker did not accept the job";

    private static final Logger log = LoggerFactory.getLogger(JobPublisher.class);

    private final ConfirmedPublisher publisher;
    private final JobMetrics metrics;
    private final Clock clock;

    JobPublisher(ConfirmedPublisher publisher, JobMetrics metrics, Clock clock) {
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Publishes {@code queued}, the job's first event, then the job message.
     *
     * @throws BrokerRefusedException when the broker did not take the event or the job
     */
    void publish(JobMessage job, StatusEvent queued) {
        try {
            publisher.publish(Topology.STATUS_EXCHANGE, queued.routingKey(), statusMessage(queued));
            publisher.publish(Topology.JOBS_EXCHANGE, job.mediaType().wireName(), jobMessage(job));
        } catch (BrokerRefusedException e) {
            log.warn("The broker did not accept job {} ({}): {}", job.jobId(), job.mediaType().wireName(), e.getMessage());
            metrics.rejected(job.mediaType(), e.reason());
            publishRejected(queued);
            throw e;
        }
        metrics.submitted(job.mediaType(), job.priority());
    }

    private void publishRejected(StatusEvent queued) {
        Instant now = clock.instant();
        StatusEvent failed = queued.next().state(JobState.FAILED).seq(queued.seq() + 1)
                .message("Not accepted").error(ErrorType.REJECTED, REJECTED_TEXT).completedAt(now).at(now);
        try {
            publisher.publish(Topology.STATUS_EXCHANGE, failed.routingKey(), statusMessage(failed));
        } catch (BrokerRefusedException e) {
            log.warn("Could not publish the failed event of job {} either: {}", queued.jobId(), e.getMessage());
        }
    }

    static Message statusMessage(StatusEvent event) {
        MessageProperties properties = json();
        properties.setTimestamp(Date.from(event.updatedAt()));
        return new Message(WireFormat.write(event), properties);
    }

    static Message jobMessage(JobMessage job) {
        MessageProperties properties = json();
        properties.setMessageId(job.jobId().toString());
        properties.setPriority(job.priority().amqpPriority());
        properties.setHeader(Topology.ATTEMPT_HEADER, 1);
        properties.setTimestamp(Date.from(job.createdAt()));
        return new Message(WireFormat.write(job), properties);
    }

    private static MessageProperties json() {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        return properties;
    }
}
