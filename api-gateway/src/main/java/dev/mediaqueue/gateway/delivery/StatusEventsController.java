package dev.mediaqueue.gateway.delivery;

import dev.mediaqueue.gateway.apidocs.ApiExamples;
import dev.mediaqueue.gateway.security.Caller;
import dev.mediaqueue.gateway.status.JobLookup;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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

@Tag(name = "jobs")
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
    @Operation(summary = "A job's status as server-sent events", description = """
            `text/event-stream` of the job's status: the current one on connect, then every change (`event: status`,
            `id` = the status version, `data` = the status JSON as `GET …/status` answers it), a comment line at least
            every 15 s so no proxy closes an idle stream, closed by the server after the terminal status.
            `EventSource` reconnects by itself with `Last-Event-ID`; the stream then resumes without repeating what the
            client has. Sent with `Cache-Control: no-store, no-transform` and `X-Accel-Buffering: no`.""")
    @ApiResponse(responseCode = "200", description = "The stream",
            headers = @Header(name = "X-Accel-Buffering", schema = @Schema(type = "string", example = "no")),
            content = @Content(mediaType = "text/event-stream", schema = @Schema(type = "string"),
                    examples = @ExampleObject(name = "a job from queued to completed", value = ApiExamples.EVENT_STREAM)))
    @ApiResponse(responseCode = "204", description = "The job is over and the client already has its final status "
            + "(`Last-Event-ID`); `EventSource` stops reconnecting", content = @Content)
    @ApiResponse(responseCode = "400", ref = ApiExamples.BAD_REQUEST)
    @ApiResponse(responseCode = "404", ref = ApiExamples.NOT_FOUND)
    @ApiResponse(responseCode = "503", ref = ApiExamples.STILL_LOADING)
    @GetMapping("/api/job/{id}/events")
    ResponseEntity<SseEmitter> events(@Parameter(example = "3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55") @PathVariable UUID id,
                                      @Parameter(description = "The `id` of the last event the client received", example = "1-4-running-e90")
                                      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                                      @Parameter(hidden = true) Caller caller) {
        StatusEvent event = lookup.require(id, caller);
        TaggedStatus now = views.of(event);
        if (now.isTerminal() && now.eventId().equals(lastEventId)) {
            return ResponseEntity.noContent().cacheControl(CacheControl.noStore()).build();
        }
        // no-transform: a proxy that compresses (Cloudflare) buffers what it transforms, which would hold events back
        return ResponseEntity.ok().cacheControl(CacheControl.noStore().noTransform()).header(X_ACCEL_BUFFERING, "no")
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .body(streams.open(id, event.mediaType(), lastEventId));
    }
}
