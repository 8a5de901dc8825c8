package dev.mediaqueue.worker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.mediaqueue.model.CancelCommand;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.model.Topology;
import dev.mediaqueue.model.WireFormat;
import dev.mediaqueue.testing.RabbitBroker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

/**
 * What a test does on the broker beside the worker: publishes job messages as the gateway would,
 * watches every status event through a queue of its own bound to {@code media.status}, and reads the
 * dead-letter queue.
 */
final class BrokerClient implements AutoCloseable {

    private final Connection connection;
    private final Channel publisher;
    private final Channel reader;
    private final List<StatusEvent> events = new CopyOnWriteArrayList<>();
    private final Map<StatusEvent, Long> arrivals = new ConcurrentHashMap<>();
    private final List<GetResponse> deadLetters = new CopyOnWriteArrayList<>();

    private BrokerClient(Connection connection) throws IOException {
        this.connection = connection;
        this.publisher = connection.createChannel();
        this.publisher.confirmSelect();
        this.reader = connection.createChannel();
        reader.exchangeDeclare(Topology.STATUS_EXCHANGE, BuiltinExchangeType.TOPIC, true);
        String tap = reader.queueDeclare("", false, true, true, Map.of("x-queue-type", "classic")).getQueue();
        reader.queueBind(tap, Topology.STATUS_EXCHANGE, "#");
        reader.basicConsume(tap, true, (tag, delivery) -> {
            StatusEvent event = WireFormat.read(delivery.getBody(), StatusEvent.class);
            arrivals.putIfAbsent(event, System.nanoTime());
            events.add(event);
        }, tag -> { });
    }

    static BrokerClient connect(RabbitBroker broker) {
        try {
            return new BrokerClient(broker.newConnection());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Connection connection() {
        return connection;
    }

    /** The client-side port of this client's connection, to tell it apart from the worker's. */
    int localPort() {
        return ((com.rabbitmq.client.impl.NetworkConnection) connection).getLocalPort();
    }

    /** How many consumers {@code queue} has now. */
    synchronized int consumersOf(String queue) {
        try {
            return reader.queueDeclarePassive(queue).getConsumerCount();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes a job message as the gateway does (persistent, priority, message id), confirmed. */
    void publishJob(JobMessage job) {
        publishJob(job, Map.of());
    }

    void publishJob(JobMessage job, Map<String, Object> headers) {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .deliveryMode(2)
                .priority(job.priority().amqpPriority())
                .messageId(job.jobId().toString())
                .headers(headers)
                .build();
        publish(job.mediaType().wireName(), properties, WireFormat.write(job));
    }

    /** Publishes a cancel command to {@code media.control} as a gateway does, confirmed. */
    void publishCancel(UUID jobId) {
        publishTo(Topology.CONTROL_EXCHANGE, "", new AMQP.BasicProperties.Builder().contentType("application/json").build(),
                WireFormat.write(new CancelCommand(jobId, Instant.now())));
    }

    /** When ({@link System#nanoTime()}) this client received {@code event}. */
    long arrivalOf(StatusEvent event) {
        return arrivals.get(event);
    }

    /** Publishes any body to a job queue. */
    void publishRaw(String routingKey, String body) {
        publish(routingKey, new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private void publish(String routingKey, AMQP.BasicProperties properties, byte[] body) {
        publishTo(Topology.JOBS_EXCHANGE, routingKey, properties, body);
    }

    private synchronized void publishTo(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
        try {
            publisher.basicPublish(exchange, routingKey, true, properties, body);
            publisher.waitForConfirmsOrDie(10_000);
        } catch (IOException | InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot publish a job", e);
        }
    }

    /** The job's events seen so far, in (attempt, seq) order. */
    List<StatusEvent> eventsOf(UUID jobId) {
        return events.stream().filter(e -> e.jobId().equals(jobId))
                .sorted(Comparator.comparingInt(StatusEvent::attempt).thenComparingLong(StatusEvent::seq))
                .toList();
    }

    /** The job's terminal event, once seen. */
    Optional<StatusEvent> terminalOf(UUID jobId) {
        return eventsOf(jobId).stream().filter(e -> e.state().isTerminal()).findFirst();
    }

    Optional<StatusEvent> firstOf(UUID jobId, JobState state) {
        return eventsOf(jobId).stream().filter(e -> e.state() == state).findFirst();
    }

    /** Every message taken from {@code media.jobs.dead} so far (reading removes them from the queue). */
    synchronized List<GetResponse> deadLetters() {
        try {
            for (GetResponse message = reader.basicGet(Topology.DEAD_LETTER_QUEUE, true); message != null;
                 message = reader.basicGet(Topology.DEAD_LETTER_QUEUE, true)) {
                deadLetters.add(message);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return List.copyOf(deadLetters);
    }

    List<String> deadLetterBodies() {
        return deadLetters().stream().map(m -> new String(m.getBody(), StandardCharsets.UTF_8)).toList();
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
