package dev.mediaqueue.gateway.job;

import dev.mediaqueue.gateway.system.BrokerRefusedException;
import dev.mediaqueue.gateway.system.ConfirmedPublisher;
import dev.mediaqueue.model.CancelCommand;
import dev.mediaqueue.model.Topology;
import dev.mediaqueue.model.WireFormat;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.UUID;

/** Tells every worker to stop a job: a {@link CancelCommand} on the {@code media.control} fanout exchange. */
@Component
class CancelCommandPublisher {

    private final ConfirmedPublisher publisher;
    private final Clock clock;

    CancelCommandPublisher(ConfirmedPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * Publishes the command and waits for the broker's confirm. No worker listening is not a failure:
     * then no worker holds the job either.
     *
     * @throws BrokerRefusedException when the broker did not confirm the command
     */
    void publish(UUID jobId) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setMessageId(jobId.toString());
        Message message = new Message(WireFormat.write(new CancelCommand(jobId, clock.instant())), properties);
        publisher.broadcast(Topology.CONTROL_EXCHANGE, message);
    }
}
