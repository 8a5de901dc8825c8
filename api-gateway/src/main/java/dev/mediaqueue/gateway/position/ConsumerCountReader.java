package dev.mediaqueue.gateway.position;

import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Topology;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads how many workers consume each job queue (a passive declare) every few seconds, on a thread of
 * its own: a broker that does not answer must not hold up anything else.
 */
@Component
class ConsumerCountReader {

    private static final Logger log = LoggerFactory.getLogger(ConsumerCountReader.class);

    private final RabbitTemplate rabbit;
    private final ConsumerCounts counts;
    private final PositionProperties properties;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "consumer-counts");
        thread.setDaemon(true);
        return thread;
    });

    ConsumerCountReader(RabbitTemplate rabbit, ConsumerCounts counts, PositionProperties properties) {
        this.rabbit = rabbit;
        this.counts = counts;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        long period = Math.max(100, properties.consumerRefresh().toMillis());
        timer.scheduleWithFixedDelay(this::readAll, 0, period, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    void readAll() {
        for (MediaType type : MediaType.values()) {
            counts.update(type, read(type));
        }
    }

    private Integer read(MediaType type) {
        try {
            return rabbit.execute(channel -> channel.queueDeclarePassive(Topology.jobQueue(type)).getConsumerCount());
        } catch (AmqpException | IllegalStateException e) {
            log.debug("Could not read the consumers of {}: {}", Topology.jobQueue(type), e.getMessage());
            return null;
        }
    }
}
