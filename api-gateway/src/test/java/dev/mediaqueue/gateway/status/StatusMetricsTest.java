package dev.mediaqueue.gateway.status;

import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;
import dev.mediaqueue.model.StatusEvent;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The status cache's meters as Prometheus sees them: the catalog's names and tags (docs/metrics.md). */
class StatusMetricsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final StatusCache cache = new StatusCache();
    private final StatusReplay replay = new StatusReplay(Clock.fixed(T0, ZoneOffset.UTC));
    private final StatusStreamListener listener = new StatusStreamListener(cache, replay);

    @BeforeEach
    void bind() {
        new StatusMetrics(cache, listener, replay).bindTo(registry);
    }

    @Test
    void everySeriesIsExportedBeforeTheFirstEvent() {
        assertThat(registry.scrape()).contains(
                "mediaqueue_jobs{state=\"queued\"} 0.0",
                "mediaqueue_jobs{state=\"cancelled\"} 0.0",
                "mediaqueue_status_cache_size_jobs 0.0",
                "mediaqueue_status_events_applied_total 0.0",
                "mediaqueue_status_events_ignored_total{reason=\"stale\"} 0.0",
                "mediaqueue_status_events_ignored_total{reason=\"illegal\"} 0.0",
                "mediaqueue_status_events_ignored_total{reason=\"malformed\"} 0.0",
                "mediaqueue_status_replay_seconds 0.0",
                "mediaqueue_status_replay_caught_up 0.0");
    }

    @Test
    void metersFollowTheCacheAndTheReplay() {
        StatusEvent queued = StatusEvent.queued(new JobMessage(UUID.randomUUID(), MediaType.IMAGE, null, "a cat",
                null, Priority.NORMAL, Map.of(), "default", T0, null, null));
        StatusEvent running = queued.next().state(JobState.RUNNING).attempt(1).seq(1).startedAt(T0).at(T0);
        cache.apply(queued);
        cache.apply(running);
        cache.apply(queued);
        listener.onMessage(new Message("not json".getBytes(StandardCharsets.UTF_8), new MessageProperties()));
        replay.markerSeen(replay.instanceId());

        assertThat(registry.scrape()).contains(
                "mediaqueue_jobs{state=\"running\"} 1.0",
                "mediaqueue_jobs{state=\"queued\"} 0.0",
                "mediaqueue_status_cache_size_jobs 1.0",
                "mediaqueue_status_events_applied_total 2.0",
                "mediaqueue_status_events_ignored_total{reason=\"stale\"} 1.0",
                "mediaqueue_status_events_ignored_total{reason=\"malformed\"} 1.0",
                "mediaqueue_status_replay_caught_up 1.0");
    }
}
