package dev.mediaqueue.worker.progress;

import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.model.Topology;
import dev.mediaqueue.model.WireFormat;
import dev.mediaqueue.worker.system.ConfirmedSender;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.stereotype.Component;

import java.util.concurrent.CompletableFuture;

/** Publishes status events as persistent JSON messages with publisher confirms. */
@Component
class RabbitStatusPublisher implements StatusPublisher {

    private final ConfirmedSender sender;

    RabbitStatusPublisher(ConfirmedSender sender) {
        this.sender = sender;
    }

    @Override
    public CompletableFuture<Void> publish(StatusEvent event) {
        Message message = MessageBuilder.withBody(WireFormat.write(event))
                .setContentType(MessageProperties.CONTENT_TYPE_JSON)
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                .setMessageId(event.jobId() + "/" + event.attempt() + "/" + event.seq())
                .build();
        return sender.send(Topology.STATUS_EXCHANGE, event.routingKey(), message);
    }
}
