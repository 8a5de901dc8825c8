package dev.mediaqueue.gateway.delivery;

import dev.mediaqueue.gateway.apidocs.ApiExamples;
import dev.mediaqueue.gateway.security.Caller;
import dev.mediaqueue.gateway.status.JobLookup;
import dev.mediaqueue.model.JobStatusView;
import dev.mediaqueue.model.StatusEvent;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.UUID;

@Tag(name = "jobs")
@RestController
class StatusController {

    private final JobLookup lookup;
    private final StatusViews views;
    private final LongPolls longPolls;
    private final DeliveryProperties properties;

    StatusController(JobLookup lookup, StatusViews views, LongPolls longPolls, DeliveryProperties properties) {
        this.lookup = lookup;
        this.views = views;
        this.longPolls = longPolls;
        this.properties = properties;
    }

    /**
     * The job's status, or 304 when {@code If-None-Match} names it. With {@code ?wait=N} and a matching
     * {@code If-None-Match} the answer is held until the status changes or N seconds (at most
     * {@code mediaqueue.delivery.max-wait}) passed.
     *
     * @return the answer, or a {@link org.springframework.web.context.request.async.DeferredResult} of it
     */
    @Operation(summary = "A job's status", description = """
            The job's newest status, answered from memory. Send the last `ETag` as `If-None-Match`: an unchanged
            status is a 304 without a body. The tag changes whenever anything in the status changes, queue position
            and ETA included. `?wait=N` (a long poll, N clamped to 30 s) holds the request until the status differs
            from `If-None-Match` or N seconds passed. Never cached (`Cache-Control: no-store`); wait `poll_after_ms`
            before the next poll.""")
    @ApiResponse(responseCode = "200", description = "The status", headers = {
            @Header(name = "ETag", description = "The status version", schema = @Schema(type = "string", example = "\"1-4-running-e90\"")),
            @Header(name = "Cache-Control", schema = @Schema(type = "string", example = "no-store"))},
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobStatusView.class),
                    examples = {@ExampleObject(name = "queued", value = ApiExamples.STATUS_QUEUED),
                            @ExampleObject(name = "running", value = ApiExamples.STATUS_RUNNING),
                            @ExampleObject(name = "completed", value = ApiExamples.STATUS_COMPLETED)}))
    @ApiResponse(responseCode = "304", description = "Unchanged since the `If-None-Match` tag (also when a long poll ran out)",
            headers = @Header(name = "ETag", schema = @Schema(type = "string")), content = @Content)
    @ApiResponse(responseCode = "400", ref = ApiExamples.BAD_REQUEST)
    @ApiResponse(responseCode = "404", ref = ApiExamples.NOT_FOUND)
    @ApiResponse(responseCode = "503", ref = ApiExamples.STILL_LOADING)
    @GetMapping("/api/job/{id}/status")
    Object status(@Parameter(example = "3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55") @PathVariable UUID id,
                  @Parameter(description = "Long poll: seconds to wait for a change (0–30, larger values are clamped)", example = "25")
                  @RequestParam(name = "wait", required = false) Integer waitSeconds,
                  @Parameter(description = "The `ETag` of the status the client holds", example = "\"1-4-running-e90\"")
                  @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
                  @Parameter(hidden = true) Caller caller) {
        Duration wait = holdFor(waitSeconds);
        StatusEvent event = lookup.require(id, caller);
        TaggedStatus now = views.of(event);
        if (wait.isZero() || !now.matches(ifNoneMatch) || now.isTerminal()) {
            return now.answer(ifNoneMatch);
        }
        return longPolls.hold(id, caller, event.mediaType(), ifNoneMatch, wait);
    }

    private Duration holdFor(Integer waitSeconds) {
        if (waitSeconds == null) {
            return Duration.ZERO;
        }
        if (waitSeconds < 0) {
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "wait must be a number of seconds from 0 to " + properties.maxWait().toSeconds() + ", was " + waitSeconds), null);
        }
        Duration wanted = Duration.ofSeconds(waitSeconds);
        return wanted.compareTo(properties.maxWait()) <= 0 ? wanted : properties.maxWait();
    }
}
