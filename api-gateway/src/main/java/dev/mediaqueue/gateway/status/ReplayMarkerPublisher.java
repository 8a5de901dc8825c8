package dev.mediaqueue.gateway.status;

import dev.mediaqueue.gateway.system.BrokerRefusedException;
import dev.mediaqueue.gateway.system.ConfirmedPublisher;
import dev.mediaqueue.model.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Publishes this gateway's replay marker to the status stream once, retrying while the broker is
 * unreachable. The stream is read from its beginning, so the marker may be published before or after
 * the listener attaches: either way it is read after every event that was in the stream before it.
 */
@Component
class ReplayMarkerPublisher {

    private static final Logger log = LoggerFactory.getLogger(ReplayMarkerPublisher.class);

    private final ConfirmedPublisher publisher;
    private final StatusReplay replay;
    private final StatusProperties properties;
    private final TaskScheduler scheduler;
    private final Clock clock;

    ReplayMarkerPublisher(ConfirmedPublisher publisher, StatusReplay replay, StatusProperties properties,
                          TaskScheduler scheduler, Clock clock) {
        this.publisher = publisher;
        this.replay = replay;
        this.properties = properties;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void applicationReady() {
        scheduler.schedule(this::publishMarker, clock.instant());
    }

    private void publishMarker() {
        if (replay.isCaughtUp()) {
            return;
        }
        try {
            publisher.publish(Topology.STATUS_EXCHANGE, Topology.MARKER_ROUTING_KEY, marker());
            log.info("Published status replay marker {}", replay.instanceId());
        } catch (BrokerRefusedException e) {
            log.warn("Could not publish the status replay marker ({}); retrying in {}", e.getMessage(),
                    properties.markerRetryInterval());
            scheduler.schedule(this::publishMarker, clock.instant().plus(properties.markerRetryInterval()));
        }
    }

    private Message marker() {
        MessageProperties messageProperties = new MessageProperties();
        messageProperties.setHeader(Topology.MARKER_HEADER, replay.instanceId());
        messageProperties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        return new Message(new byte[0], messageProperties);
    }
}
