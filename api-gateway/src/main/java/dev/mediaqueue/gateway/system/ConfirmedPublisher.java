package dev.mediaqueue.gateway.system;

import dev.mediaqueue.gateway.system.BrokerRefusedException.Reason;
import dev.mediaqueue.model.Topology;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.ReturnedMessage;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes a message and returns only once the broker has taken responsibility for it.
 *
 * <p>Taken means confirmed (ack) and routed to at least one queue. A nack (for example a full job
 * queue with {@code x-overflow reject-publish}), a return (no queue bound for the routing key), no
 * confirm within the timeout, or no connection all throw {@link BrokerRefusedException}.
 *
 * <p>The time from publishing to the broker's confirm is recorded as
 * {@code mediaqueue.publish.confirm} by the kind of message: {@code job}, {@code control} (cancel
 * commands) or {@code event} (status events and replay markers).
 */
public class ConfirmedPublisher {

    /** Bucket bounds of the confirm latency histogram: 0.5 ms … 5 s. */
    static final Duration[] CONFIRM_BUCKETS = {Duration.ofNanos(500_000), Duration.ofMillis(1),
            Duration.ofNanos(2_500_000), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5)};

    /**
     * Ids of the publishes' {@link CorrelationData}: Spring matches a returned message to its publish by
     * this id, so it only has to be unique among the publishes in flight of this JVM. A counter, not
     * {@code UUID.randomUUID()}, whose JVM-wide {@code SecureRandom} lock every publishing thread queued for.
     */
    private static final AtomicLong CORRELATION_IDS = new AtomicLong();

    private final RabbitTemplate template;
    private final Duration confirmTimeout;
    private final MeterRegistry registry;

    ConfirmedPublisher(RabbitTemplate template, Duration confirmTimeout, MeterRegistry registry) {
        this.template = template;
        this.confirmTimeout = confirmTimeout;
        this.registry = registry;
        for (String kind : new String[] {"job", "control", "event"}) {
            confirmTimer(kind);
        }
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
        CorrelationData correlation = new CorrelationData(Long.toString(CORRELATION_IDS.incrementAndGet()));
        CorrelationData.Confirm confirm;
        long started = System.nanoTime();
        try {
            template.send(exchange, routingKey, message, correlation);
            confirm = correlation.getFuture().get(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (AmqpException e) {
            throw new BrokerRefusedException("cannot publish to RabbitMQ: " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new BrokerRefusedException(Reason.CONFIRM_TIMEOUT, "RabbitMQ did not confirm within " + confirmTimeout, e);
        } catch (ExecutionException e) {
            throw new BrokerRefusedException("RabbitMQ confirm failed: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerRefusedException("interrupted while waiting for RabbitMQ's confirm", e);
        }
        confirmTimer(kindOf(exchange)).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        // the broker sends basic.return before basic.ack, and Spring records it before completing the future
        ReturnedMessage returned = correlation.getReturned();
        if (returned != null && mustBeRouted) {
            throw new BrokerRefusedException(Reason.UNROUTABLE,
                    "unroutable: " + exchange + "/" + routingKey + " (" + returned.getReplyText() + ")");
        }
        if (!confirm.ack()) {
            throw new BrokerRefusedException("RabbitMQ refused the message: " + confirm.reason());
        }
    }

    private static String kindOf(String exchange) {
        return switch (exchange) {
            case Topology.JOBS_EXCHANGE -> "job";
            case Topology.CONTROL_EXCHANGE -> "control";
            default -> "event";
        };
    }

    private Timer confirmTimer(String kind) {
        return Timer.builder("mediaqueue.publish.confirm")
                .description("time from publishing a message to the broker's confirm")
                .tag("kind", kind)
                .serviceLevelObjectives(CONFIRM_BUCKETS)
                .register(registry);
    }
}
