package dev.mediaqueue.gateway.health;

import dev.mediaqueue.gateway.apidocs.ApiExamples;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/health/queue}: broker connection, each job queue's depth and consumers (as of the
 * poller's last look) and jobs per state (from the status cache). 200 while the broker answers, 503
 * while it does not; never a call to the broker.
 */
@Tag(name = "health")
@RestController
class QueueHealthController {

    private final QueuePoller poller;
    private final StatusCache cache;
    private final Clock clock;

    QueueHealthController(QueuePoller poller, StatusCache cache, Clock clock) {
        this.poller = poller;
        this.cache = cache;
        this.clock = clock;
    }

    @Operation(summary = "Broker and queue health", description = """
            The broker connection, each job queue's ready jobs, consumers and oldest waiting job, and jobs per state,
            from a snapshot refreshed every few seconds (never a broker call per request).""")
    @ApiResponse(responseCode = "200", description = "The broker is up",
            content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = ApiExamples.QUEUE_HEALTH)))
    @ApiResponse(responseCode = "503", description = "The broker is down (or not checked yet)",
            content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "down",
                    value = "{\"broker\": \"down\", \"queues\": {}, \"jobs\": {\"queued\": 3}, \"checked_at\": null}")))
    @GetMapping("/api/health/queue")
    ResponseEntity<QueueHealthView> queueHealth() {
        QueueSnapshot snapshot = poller.current();
        Instant now = clock.instant();
        Map<String, QueueHealthView.QueueView> queues = new LinkedHashMap<>();
        for (MediaType type : MediaType.values()) {
            snapshot.queue(type).ifPresent(queue -> queues.put(type.wireName(), new QueueHealthView.QueueView(
                    queue.depth(), queue.consumers(), snapshot.oldestAge(type, now).toSeconds())));
        }
        Map<String, Long> jobs = new LinkedHashMap<>();
        for (JobState state : JobState.values()) {
            jobs.put(state.wireName(), cache.jobsIn(state));
        }
        QueueHealthView view = new QueueHealthView(snapshot.brokerUp() ? "up" : "down", queues, jobs,
                snapshot.checkedAt());
        return ResponseEntity.status(snapshot.brokerUp() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .cacheControl(CacheControl.noStore())
                .body(view);
    }
}
