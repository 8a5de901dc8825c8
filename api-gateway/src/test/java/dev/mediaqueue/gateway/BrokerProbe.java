package dev.mediaqueue.gateway;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import dev.mediaqueue.model.CancelCommand;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.model.Topology;
import dev.mediaqueue.model.WireFormat;
import dev.mediaqueue.testing.RabbitBroker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Looks at and feeds a test vhost with a plain client, the way a worker or an operator would. */
final class BrokerProbe implements AutoCloseable {

    private final Connection connection;

    BrokerProbe(RabbitBroker broker) {
        this.connection = broker.newConnection();
    }

    /** Ready messages in a queue (passive declare). */
    long depth(String queue) throws Exception {
        try (Channel channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        }
    }

    /** Ready messages in all job queues. */
    long jobQueueDepth() throws Exception {
        long total = 0;
        for (MediaType type : MediaType.values()) {
            total += depth(Topology.jobQueue(type));
        }
        return total;
    }

    /** Takes the next message of a queue, or null when it is empty. */
    GetResponse take(String queue) throws Exception {
        try (Channel channel = connection.createChannel()) {
            return channel.basicGet(queue, true);
        }
    }

    void declareTopology(Topology.Settings settings) throws Exception {
        try (Channel channel = connection.createChannel()) {
            Topology.declare(channel, settings);
        }
    }

    /** Publishes status events as a worker does, confirmed. */
    void publish(List<StatusEvent> events) throws Exception {
        try (Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            for (StatusEvent event : events) {
                channel.basicPublish(Topology.STATUS_EXCHANGE, event.routingKey(),
                        new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(2).build(),
                        WireFormat.write(event));
            }
            channel.waitForConfirmsOrDie(30_000);
        }
    }

    void publish(StatusEvent... events) throws Exception {
        publish(Arrays.asList(events));
    }

    /**
     * Every status event in the stream, in stream order. Reads from the beginning up to a marker of its
     * own, so the answer is complete up to the moment of the call.
     */
    List<StatusEvent> statusEvents() throws Exception {
        String sentinel = "probe-" + System.nanoTime();
        try (Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish(Topology.STATUS_EXCHANGE, Topology.MARKER_ROUTING_KEY,
                    new AMQP.BasicProperties.Builder().headers(Map.of(Topology.MARKER_HEADER, sentinel)).build(),
                    new byte[0]);
            channel.waitForConfirmsOrDie(10_000);

            List<StatusEvent> events = new ArrayList<>();
            CompletableFuture<List<StatusEvent>> done = new CompletableFuture<>();
            channel.basicQos(500);
            channel.basicConsume(Topology.STATUS_STREAM, false, Map.of("x-stream-offset", "first"),
                    new DefaultConsumer(channel) {
                        @Override
                        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                                                   byte[] body) throws IOException {
                            channel.basicAck(envelope.getDeliveryTag(), false);
                            Object marker = properties.getHeaders() == null ? null
                                    : properties.getHeaders().get(Topology.MARKER_HEADER);
                            if (marker == null) {
                                events.add(WireFormat.read(body, StatusEvent.class));
                            } else if (sentinel.equals(marker.toString())) {
                                done.complete(List.copyOf(events));
                            }
                        }
                    });
            return done.get(30, TimeUnit.SECONDS);
        }
    }

    /** The newest event of a job in the stream; fails when the job has none. */
    StatusEvent newestEvent(UUID jobId) throws Exception {
        List<StatusEvent> events = statusEvents().stream().filter(e -> e.jobId().equals(jobId)).toList();
        if (events.isEmpty()) {
            throw new AssertionError("no status event of job " + jobId + " in the stream");
        }
        return events.get(events.size() - 1);
    }

    /**
     * Listens on {@code media.control} as a worker does, through an exclusive queue of its own; the
     * queue goes with the probe's connection.
     */
    ControlListener listenToControl() throws Exception {
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare("", false, true, true, Map.of("x-queue-type", "classic")).getQueue();
        channel.queueBind(queue, Topology.CONTROL_EXCHANGE, "");
        ControlListener listener = new ControlListener();
        channel.basicConsume(queue, true, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                listener.commands.add(WireFormat.read(body, CancelCommand.class));
            }
        });
        return listener;
    }

    /** The cancel commands seen on {@code media.control}, in order. */
    static final class ControlListener {
        private final List<CancelCommand> commands = new CopyOnWriteArrayList<>();

        List<CancelCommand> commands() {
            return List.copyOf(commands);
        }

        List<UUID> jobIds() {
            return commands.stream().map(CancelCommand::jobId).toList();
        }
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
