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
 *
 * <p>Order: RabbitMQ keeps the order of messages per channel only, and Spring's channel cache hands its
 * channels out first in, first out, so consecutive publishes of one thread would travel on different
 * channels and could overtake each other (the benchmark's e2e run found 13 % of jobs with progress
 * events out of order in the stream). {@link #onOneChannel} keeps a thread's publishes on one channel for
 * the length of a job attempt. Should that channel close meanwhile (the broker closes a channel after
 * some errors; a connection loss closes all), a publish goes out on a fresh channel instead, so the
 * attempt's end can still be recorded.
 */
public class ConfirmedSender {

    /**
     * Ids of the publishes' {@link CorrelationData}: Spring matches a returned message to its publish by
     * this id, so it only has to be unique among the publishes in flight of this JVM. A counter, not
     * {@code UUID.randomUUID()}, whose JVM-wide {@code SecureRandom} lock every publishing thread queued for.
     */
    private static final AtomicLong CORRELATION_IDS = new AtomicLong();

    private final RabbitTemplate template;
    /** The same publishing, never bound to a thread's channel: for publishes whose bound channel closed. */
    private final RabbitTemplate unbound;
    private final Duration confirmTimeout;
    private final ThreadLocal<Boolean> onOneChannel = ThreadLocal.withInitial(() -> false);

    ConfirmedSender(RabbitTemplate template, RabbitTemplate unbound, Duration confirmTimeout) {
        if (template == unbound) {
            throw new IllegalArgumentException("the fallback for a closed channel must be a template of its own");
        }
        this.template = template;
        this.unbound = unbound;
        this.confirmTimeout = confirmTimeout;
    }

    /**
     * Runs {@code work} with every publish this thread makes through this sender on one channel, in the
     * order they were made. Publishes of other threads meanwhile use channels of their own.
     */
    public void onOneChannel(Runnable work) {
        template.invoke(operations -> {
            onOneChannel.set(true);
            try {
                work.run();
            } finally {
                onOneChannel.set(false);
            }
            return null;
        });
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
            if (!onOneChannel.get()) {
                return failed(exchange, e);
            }
            // the thread's channel is gone: what was published on it before is confirmed or lost either way
            correlation = new CorrelationData(Long.toString(CORRELATION_IDS.incrementAndGet()));
            try {
                unbound.send(exchange, routingKey, message, correlation);
            } catch (AmqpException again) {
                return failed(exchange, again);
            }
        }
        return confirmed(exchange, routingKey, correlation);
    }

    private static CompletableFuture<Void> failed(String exchange, AmqpException e) {
        return CompletableFuture.failedFuture(new PublishFailedException("cannot publish to " + exchange + ": " + e.getMessage(), e));
    }

    private static CompletableFuture<Void> confirmed(String exchange, String routingKey, CorrelationData correlation) {
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
