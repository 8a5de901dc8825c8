package dev.mediaqueue.gateway.delivery;

import dev.mediaqueue.gateway.status.JobLookup;
import dev.mediaqueue.model.StatusEvent;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.util.UUID;

@RestController
class StatusEventsController {

    /** Tells nginx (and proxies that follow it) to pass the stream on as it comes, not buffered. */
    static final String X_ACCEL_BUFFERING = "X-Accel-Buffering";

    private final JobLookup lookup;
    private final StatusViews views;
    private final StatusStreams streams;

    StatusEventsController(JobLookup lookup, StatusViews views, StatusStreams streams) {
        this.lookup = lookup;
        this.views = views;
        this.streams = streams;
    }

    /**
     * The job's statuses as server-sent events. An unknown job is a 404 problem before any stream
     * starts; a finished job whose final status the client already has ({@code Last-Event-ID}) is a
     * 204, which tells {@code EventSource} to stop reconnecting.
     */
    @GetMapping("/api/job/{id}/events")
    ResponseEntity<SseEmitter> events(@PathVariable UUID id,
                                      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        StatusEvent event = lookup.require(id);
        TaggedStatus now = views.of(event);
        if (now.isTerminal() && now.eventId().equals(lastEventId)) {
            return ResponseEntity.noContent().cacheControl(CacheControl.noStore()).build();
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header(X_ACCEL_BUFFERING, "no")
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .body(streams.open(id, event.mediaType(), lastEventId));
    }
}
