package dev.mediaqueue.gateway.health;

import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;
import dev.mediaqueue.model.StatusEvent;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The poller and the queue gauges while no broker answers; {@code QueueHealthIT} shows them with one. */
class QueuePollerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final CachingConnectionFactory nowhere = new CachingConnectionFactory("127.0.0.1", closedPort());
    private final StatusCache cache = new StatusCache();
    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private final List<Object> published = new ArrayList<>();
    private final QueuePoller poller = new QueuePoller(nowhere, cache,
            new QueuePollProperties(Duration.ofSeconds(5)), clock, published::add);

    @AfterEach
    void close() {
        nowhere.destroy();
    }

    @Test
    void beforeTheFirstLookTheBrokerIsNotKnownToBeUp() {
        assertThat(poller.current().brokerUp()).isFalse();
        assertThat(poller.current().checkedAt()).isNull();
    }

    @Test
    void anUnreachableBrokerIsDownWithNoQueuesButTheCacheStillTellsTheOldestQueuedJob() {
        cache.apply(queued(MediaType.VIDEO, T0.minusSeconds(90)));

        poller.poll();

        QueueSnapshot snapshot = poller.current();
        assertThat(snapshot.brokerUp()).isFalse();
        assertThat(snapshot.queues()).isEmpty();
        assertThat(snapshot.checkedAt()).isEqualTo(T0);
        assertThat(snapshot.oldestAge(MediaType.VIDEO, T0)).isEqualTo(Duration.ofSeconds(90));
        assertThat(snapshot.oldestAge(MediaType.IMAGE, T0)).isZero();
        assertThat(published).containsExactly(snapshot);
    }

    @Test
    void queueGaugesAreNotANumberWhileTheBrokerIsDownAndTheAgeComesFromTheCache() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new QueueMetrics(poller, clock).bindTo(registry);
        cache.apply(queued(MediaType.AUDIO, T0.minusSeconds(12)));

        poller.poll();

        assertThat(registry.scrape()).contains(
                "mediaqueue_queue_depth_messages{media_type=\"image\"} NaN",
                "mediaqueue_queue_consumers{media_type=\"video\"} NaN",
                "mediaqueue_queue_oldest_age_seconds{media_type=\"audio\"} 12.0",
                "mediaqueue_queue_oldest_age_seconds{media_type=\"image\"} 0.0");
    }

    private static StatusEvent queued(MediaType type, Instant createdAt) {
        return StatusEvent.queued(new JobMessage(UUID.randomUUID(), type, null, "a cat", null, Priority.NORMAL,
                Map.of(), "default", createdAt, null, null));
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
