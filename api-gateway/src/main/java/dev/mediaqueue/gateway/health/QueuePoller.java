package dev.mediaqueue.gateway.health;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Looks at the job queues every {@code mediaqueue.gateway.queue-poll-interval} and keeps what it saw
 * as an immutable {@link QueueSnapshot}, which the queue health endpoint and the queue gauges read: a
 * request or a scrape never reaches the broker. Each snapshot is also published as an application event
 * (the queue positions take their consumer counts from it).
 *
 * <p>Each look is a passive declare per job queue (depth and consumers, cheap for the broker) and one
 * walk over the status cache for the oldest queued job of each type. It runs on its own thread, so a
 * broker that does not answer delays nothing else.
 */
@EnableConfigurationProperties(QueuePollProperties.class)
@Component
public class QueuePoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QueuePoller.class);

    private final ConnectionFactory connectionFactory;
    private final StatusCache cache;
    private final Duration interval;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private volatile QueueSnapshot current = QueueSnapshot.NOT_CHECKED;
    private volatile ScheduledExecutorService executor;

    QueuePoller(ConnectionFactory connectionFactory, StatusCache cache, QueuePollProperties properties, Clock clock,
                ApplicationEventPublisher events) {
        this.connectionFactory = connectionFactory;
        this.cache = cache;
        this.interval = properties.queuePollInterval();
        this.clock = clock;
        this.events = events;
    }

    /** The newest snapshot; before the first look, one that says the broker is not known to be up. */
    public QueueSnapshot current() {
        return current;
    }

    /** Looks at the broker and the cache once and replaces the snapshot. */
    void poll() {
        Map<MediaType, QueueSnapshot.Queue> queues = readQueues();
        boolean brokerUp = queues != null;
        current = new QueueSnapshot(brokerUp, brokerUp ? queues : Map.of(), cache.oldestQueued(), clock.instant());
        events.publishEvent(current);
    }

    /** Every job queue's depth and consumers; null when the broker cannot be reached. */
    private Map<MediaType, QueueSnapshot.Queue> readQueues() {
        Connection connection;
        try {
            connection = connectionFactory.createConnection();
        } catch (AmqpException e) {
            log.debug("Cannot look at the job queues: {}", e.getMessage());
            return null;
        }
        Map<MediaType, QueueSnapshot.Queue> queues = new EnumMap<>(MediaType.class);
        for (MediaType type : MediaType.values()) {
            // a bare channel per queue: a missing queue closes the channel it was asked on
            try (Channel channel = connection.getDelegate().createChannel()) {
                AMQP.Queue.DeclareOk queue = channel.queueDeclarePassive(Topology.jobQueue(type));
                queues.put(type, new QueueSnapshot.Queue(queue.getMessageCount(), queue.getConsumerCount()));
            } catch (IOException | TimeoutException | RuntimeException e) {
                if (!connection.isOpen()) {
                    return null;
                }
                log.debug("Cannot look at {}: {}", Topology.jobQueue(type), e.toString());
            }
        }
        return queues;
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            // the next look may succeed; a thrown exception would end the schedule
            log.warn("Looking at the job queues failed", e);
        }
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "queue-poller");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::pollSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        if (running != null) {
            running.shutdownNow();
        }
        executor = null;
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
