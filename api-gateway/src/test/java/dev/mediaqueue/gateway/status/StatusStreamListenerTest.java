package dev.mediaqueue.gateway.status;

import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.model.Topology;
import dev.mediaqueue.model.WireFormat;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class StatusStreamListenerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final StatusCache cache = new StatusCache();
    private final StatusReplay replay = new StatusReplay(clock);
    private final StatusStreamListener listener = new StatusStreamListener(cache, replay);

    @Test
    void appliesStatusEventsToTheCache() {
        StatusEvent queued = StatusEvent.queued(new JobMessage(UUID.randomUUID(), MediaType.IMAGE, null, "a cat",
                null, null, null, "default", T0, null, null));
        StatusEvent running = queued.next().state(JobState.RUNNING).attempt(1).seq(0).at(T0.plusSeconds(1));

        listener.onMessage(message(WireFormat.write(queued)));
        listener.onMessage(message(WireFormat.write(running)));

        assertThat(cache.get(queued.jobId())).contains(running);
    }

    @Test
    void unreadableMessagesAreCountedAndSkipped() {
        listener.onMessage(message("not json".getBytes(StandardCharsets.UTF_8)));
        listener.onMessage(message("{\"job_id\":\"not-a-uuid\"}".getBytes(StandardCharsets.UTF_8)));
        listener.onMessage(message("{}".getBytes(StandardCharsets.UTF_8)));

        assertThat(listener.malformedEvents()).isEqualTo(3);
        assertThat(cache.size()).isZero();
    }

    @Test
    void ownMarkerEndsTheReplayAndRecordsItsDuration() {
        clock.advance(Duration.ofMillis(1500));

        listener.onMessage(marker(replay.instanceId()));

        assertThat(replay.isCaughtUp()).isTrue();
        clock.advance(Duration.ofSeconds(10));
        assertThat(replay.duration()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void markersOfOtherGatewaysAreSkippedQuietly() {
        listener.onMessage(marker(UUID.randomUUID().toString()));

        assertThat(replay.isCaughtUp()).isFalse();
        assertThat(listener.malformedEvents()).isZero();
    }

    private static Message message(byte[] body) {
        return new Message(body, new MessageProperties());
    }

    private static Message marker(String id) {
        MessageProperties properties = new MessageProperties();
        properties.setHeader(Topology.MARKER_HEADER, id);
        return new Message(new byte[0], properties);
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
