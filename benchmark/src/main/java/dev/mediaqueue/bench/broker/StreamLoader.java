package dev.mediaqueue.bench.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.model.Topology;
import dev.mediaqueue.model.WireFormat;

import java.io.IOException;
import java.time.Duration;
import java.util.Date;
import java.util.Iterator;
import java.util.concurrent.TimeoutException;

/**
 * Publishes status events to {@code media.status} as fast as the broker confirms them: persistent,
 * with publisher confirms, up to {@code window} unconfirmed at a time.
 */
public final class StreamLoader {

    private StreamLoader() {
    }

    /** Publishes every event and waits for all confirms; answers how long it took. */
    public static Duration publish(Connection connection, Iterator<StatusEvent> events, int window)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        Channel channel = connection.createChannel();
        try {
            ConfirmWindow confirms = new ConfirmWindow(channel, window);
            while (events.hasNext()) {
                StatusEvent event = events.next();
                confirms.beforePublish();
                channel.basicPublish(Topology.STATUS_EXCHANGE, event.routingKey(), properties(event), WireFormat.write(event));
            }
            confirms.awaitAll(Duration.ofSeconds(120));
            return Duration.ofNanos(System.nanoTime() - start);
        } finally {
            closeQuietly(channel);
        }
    }

    static AMQP.BasicProperties properties(StatusEvent event) {
        return new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .deliveryMode(2)
                .timestamp(Date.from(event.updatedAt()))
                .build();
    }

    private static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException | TimeoutException | RuntimeException e) {
            // the connection's close ends it anyway
        }
    }
}
