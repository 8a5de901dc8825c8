package dev.mediaqueue.gateway.system;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.ReturnedMessage;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes a message and returns only once the broker has taken responsibility for it.
 *
 * <p>Taken means confirmed (ack) and routed to at least one queue. A nack (for example a full job
 * queue with {@code x-overflow reject-publish}), a return (no queue bound for the routing key), no
 * confirm within the timeout, or no connection all throw {@link BrokerRefusedException}.
 */
public class ConfirmedPublisher {

    private final RabbitTemplate template;
    private final Duration confirmTimeout;

    ConfirmedPublisher(RabbitTemplate template, Duration confirmTimeout) {
        this.template = template;
        this.confirmTimeout = confirmTimeout;
    }

    public void publish(String exchange, String routingKey, Message message) {
        send(exchange, routingKey, message, true);
    }

    /**
     * Publishes to a fanout exchange and waits for the confirm like {@link #publish}, but a message that
     * reaches no queue is no failure: a broadcast is for whoever listens, which may be nobody.
     */
    public void broadcast(String exchange, Message message) {
        send(exchange, "", message, false);
    }

    private void send(String exchange, String routingKey, Message message, boolean mustBeRouted) {
        CorrelationData correlation = new CorrelationData(UUID.randomUUID().toString());
        CorrelationData.Confirm confirm;
        try {
            template.send(exchange, routingKey, message, correlation);
            confirm = correlation.getFuture().get(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (AmqpException e) {
            throw new BrokerRefusedException("cannot publish to RabbitMQ: " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new BrokerRefusedException("RabbitMQ did not confirm within " + confirmTimeout, e);
        } catch (ExecutionException e) {
            throw new BrokerRefusedException("RabbitMQ confirm failed: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerRefusedException("interrupted while waiting for RabbitMQ's confirm", e);
        }
        // the broker sends basic.return before basic.ack, and Spring records it before completing the future
        ReturnedMessage returned = correlation.getReturned();
        if (returned != null && mustBeRouted) {
            throw new BrokerRefusedException("unroutable: " + exchange + "/" + routingKey + " (" + returned.getReplyText() + ")");
        }
        if (!confirm.ack()) {
            throw new BrokerRefusedException("RabbitMQ refused the message: " + confirm.reason());
        }
    }
}
