package dev.mediaqueue.system;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.model.Topology;
import dev.mediaqueue.model.WireFormat;
import dev.mediaqueue.testing.RabbitBroker;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;

/**
 * Reads the status stream {@code media.status.log} from its first event ({@code x-stream-offset:
 * first}), as a gateway does, and keeps every status event: the durable history the tests count
 * terminal events in. Also reads the dead-letter queue.
 */
final class StatusLog implements AutoCloseable {

    private final Connection connection;
    private final Channel channel;
    private final List<StatusEvent> events = new CopyOnWriteArrayList<>();
    private final Set<String> markers = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private StatusLog(Connection connection) throws IOException {
        this.connection = connection;
        this.channel = connection.createChannel();
        // a stream consumer needs manual acknowledgement and a prefetch
        channel.basicQos(500);
        channel.basicConsume(Topology.STATUS_STREAM, false, Map.of("x-stream-offset", "first"), (tag, delivery) -> {
            Map<String, Object> headers = delivery.getProperties().getHeaders();
            if (headers != null && headers.containsKey(Topology.MARKER_HEADER)) {
                markers.add(headers.get(Topology.MARKER_HEADER).toString());
            } else {
                events.add(WireFormat.read(delivery.getBody(), StatusEvent.class));
            }
            channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
        }, tag -> { });
    }

    /** Follows the stream of {@code broker}'s vhost, which the gateway declared. */
    static StatusLog open(RabbitBroker broker) {
        try {
            return new StatusLog(broker.newConnection());
        } catch (IOException e) {
            throw new IllegalStateException("cannot consume " + Topology.STATUS_STREAM, e);
        }
    }

    /** Waits until everything published to the stream before this call has been read. */
    StatusLog awaitCaughtUp(Duration timeout) {
        String marker = "test-" + UUID.randomUUID();
        try (Channel publisher = connection.createChannel()) {
            publisher.confirmSelect();
            publisher.basicPublish(Topology.STATUS_EXCHANGE, Topology.MARKER_ROUTING_KEY,
                    new AMQP.BasicProperties.Builder().headers(Map.of(Topology.MARKER_HEADER, marker)).build(), new byte[0]);
            publisher.waitForConfirmsOrDie(10_000);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish a marker to " + Topology.STATUS_EXCHANGE, e);
        }
        await("status stream caught up").atMost(timeout).until(() -> markers.contains(marker));
        return this;
    }

    /** The job's events read so far, in (attempt, seq) order. */
    List<StatusEvent> eventsOf(String jobId) {
        UUID id = UUID.fromString(jobId);
        return events.stream().filter(e -> e.jobId().equals(id))
                .sorted(Comparator.comparingInt(StatusEvent::attempt).thenComparingLong(StatusEvent::seq))
                .toList();
    }

    /** The job's terminal events read so far: exactly one for a job that ended once. */
    List<StatusEvent> terminalEventsOf(String jobId) {
        return eventsOf(jobId).stream().filter(e -> e.state().isTerminal()).toList();
    }

    /** Takes every message from {@code media.jobs.dead} and answers their message ids. */
    synchronized List<String> takeDeadLetterIds() {
        List<String> ids = new ArrayList<>();
        try (Channel reader = connection.createChannel()) {
            for (GetResponse message = reader.basicGet(Topology.DEAD_LETTER_QUEUE, true); message != null;
                 message = reader.basicGet(Topology.DEAD_LETTER_QUEUE, true)) {
                ids.add(message.getProps().getMessageId());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + Topology.DEAD_LETTER_QUEUE, e);
        }
        return ids;
    }

    /** How many consumers {@code queue} has now. */
    synchronized int consumersOf(String queue) {
        try (Channel reader = connection.createChannel()) {
            return reader.queueDeclarePassive(queue).getConsumerCount();
        } catch (Exception e) {
            throw new IllegalStateException("cannot look at " + queue, e);
        }
    }

    /** The client-side port of this reader's connection. */
    int localPort() {
        return ((com.rabbitmq.client.impl.NetworkConnection) connection).getLocalPort();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException | com.rabbitmq.client.AlreadyClosedException e) {
            // already gone
        }
    }
}
