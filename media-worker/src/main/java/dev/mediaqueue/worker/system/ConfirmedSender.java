package dev.mediaqueue.worker.system;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes with publisher confirms and mandatory routing: a publish counts only when the broker
 * confirmed it and routed it to a queue.
 */
public class ConfirmedSender {

    /**
     * Ids of the publishes' {@link CorrelationData}: Spring matches a returned message to its publish by
     * this id, so it only has to be unique among the publishes in flight of this JVM. A counter, not
     * {@code UUID.randomUUID()}, whose JVM-wide {@code SecureRandom} lock every publishing thread queued for.
     */
    private static final AtomicLong CORRELATION_IDS = new AtomicLong();

    private final RabbitTemplate template;
    private final Duration confirmTimeout;

    ConfirmedSender(RabbitTemplate template, Duration confirmTimeout) {
        this.template = template;
        this.confirmTimeout = confirmTimeout;
    }

    /**
     * Publishes without waiting; the future completes when the broker confirmed the message and fails
     * with {@link PublishFailedException} when it refused or could not route it.
     */
    public CompletableFuture<Void> send(String exchange, String routingKey, Message message) {
        CorrelationData correlation = new CorrelationData(Long.toString(CORRELATION_IDS.incrementAndGet()));
        try {
            template.send(exchange, routingKey, message, correlation);
        } catch (AmqpException e) {
            return CompletableFuture.failedFuture(
                    new PublishFailedException("cannot publish to " + exchange + ": " + e.getMessage(), e));
        }
        return correlation.getFuture().thenCompose(confirm -> {
            if (!confirm.ack()) {
                return CompletableFuture.failedFuture(
                        new PublishFailedException("the broker refused a message to " + exchange + ": " + confirm.reason()));
            }
            if (correlation.getReturned() != null) {
                return CompletableFuture.failedFuture(new PublishFailedException(
                        "no queue took a message to " + exchange + " with key " + routingKey));
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Publishes and waits for the broker's confirm. */
    public void sendAndWait(String exchange, String routingKey, Message message) throws PublishFailedException {
        await(send(exchange, routingKey, message));
    }

    /** Waits up to the confirm timeout for a publish started by {@link #send}. */
    public void await(CompletableFuture<Void> confirmed) throws PublishFailedException {
        awaitConfirm(confirmed, confirmTimeout);
    }

    /** Waits up to {@code timeout} for a confirm future. */
    public static void awaitConfirm(CompletableFuture<Void> confirmed, Duration timeout) throws PublishFailedException {
        try {
            confirmed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof PublishFailedException failed ? failed
                    : new PublishFailedException("publish failed: " + cause, cause);
        } catch (TimeoutException e) {
            throw new PublishFailedException("the broker did not confirm within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("interrupted while waiting for a confirm", e);
        }
    }
}
