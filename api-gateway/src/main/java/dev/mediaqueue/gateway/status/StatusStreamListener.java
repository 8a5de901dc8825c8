package dev.mediaqueue.gateway.status;

import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.model.Topology;
import dev.mediaqueue.model.WireFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;
import org.springframework.stereotype.Component;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies the status stream to the cache: the replay from the stream's beginning, then live events.
 *
 * <p>Never throws: a listener exception makes Spring nack, which RabbitMQ before 3.13 answers by
 * closing the channel, and the restarted consumer would replay the whole stream again.
 */
@Component
class StatusStreamListener implements MessageListener {

    private static final Logger log = LoggerFactory.getLogger(StatusStreamListener.class);

    private final StatusCache cache;
    private final StatusReplay replay;
    private final AtomicLong malformed = new AtomicLong();

    StatusStreamListener(StatusCache cache, StatusReplay replay) {
        this.cache = cache;
        this.replay = replay;
    }

    @Override
    public void onMessage(Message message) {
        try {
            Object marker = message.getMessageProperties().getHeader(Topology.MARKER_HEADER);
            if (marker != null) {
                markerSeen(marker.toString());
                return;
            }
            cache.apply(WireFormat.read(message.getBody(), StatusEvent.class));
        } catch (RuntimeException e) {
            malformed.incrementAndGet();
            log.warn("Skipping a status stream message that is not a valid status event (offset {}): {}",
                    message.getMessageProperties().getHeader("x-stream-offset"), e.getMessage());
        }
    }

    long malformedEvents() {
        return malformed.get();
    }

    private void markerSeen(String markerId) {
        boolean wasCaughtUp = replay.isCaughtUp();
        if (replay.markerSeen(markerId) && !wasCaughtUp) {
            log.info("Status replay caught up in {} ms: {} jobs known", replay.duration().toMillis(), cache.size());
        }
    }
}
