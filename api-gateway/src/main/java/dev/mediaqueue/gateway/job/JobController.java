package dev.mediaqueue.gateway.job;

import dev.mediaqueue.gateway.apidocs.ApiExamples;
import dev.mediaqueue.gateway.apidocs.StartRequestBody;
import dev.mediaqueue.gateway.delivery.FinishWait;
import dev.mediaqueue.gateway.status.PollAdvice;
import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.gateway.system.BrokerRefusedException;
import dev.mediaqueue.model.JobAccepted;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobState;
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
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.util.UUID;

@Tag(name = "jobs")
@RestController
class JobController {

    /** Until callers authenticate, every job belongs to one tenant. */
    static final String DEFAULT_TENANT = "default";

    private final JobRequestValidator validator;
    private final JobPublisher publisher;
    private final StatusCache statusCache;
    private final PollAdvice pollAdvice;
    private final FinishWait finishWait;
    private final JobProperties properties;
    private final Clock clock;

    JobController(JobRequestValidator validator, JobPublisher publisher, StatusCache statusCache,
                  PollAdvice pollAdvice, FinishWait finishWait, JobProperties properties, Clock clock) {
        this.validator = validator;
        this.publisher = publisher;
        this.statusCache = statusCache;
        this.pollAdvice = pollAdvice;
        this.finishWait = finishWait;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Answers 202 only once the broker has confirmed both the queued event and the job; with
     * {@code Prefer: wait=N}, 200 with the final status if the job finishes within N seconds.
     */
    @Operation(summary = "Start a job", description = """
            Queues a media job and answers 202 as soon as the broker has stored it; follow it at `status_url` or
            `events_url`. With `Prefer: wait=N` (N ≤ 60 s) the answer is held until the job is finished: 200 with its
            final status if it finishes in time, else the usual 202 (both with `Preference-Applied`).""")
    @StartRequestBody
    @ApiResponse(responseCode = "202", description = "Accepted; follow the job", headers = {
            @Header(name = "Location", description = "The status URL", schema = @Schema(type = "string")),
            @Header(name = "Preference-Applied", description = "With `Prefer: wait`", schema = @Schema(type = "string", example = "wait=30"))},
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobAccepted.class),
                    examples = @ExampleObject(name = "accepted", value = ApiExamples.JOB_ACCEPTED)))
    @ApiResponse(responseCode = "200", description = "With `Prefer: wait=N`: the job finished in time; its final status",
            headers = @Header(name = "Preference-Applied", schema = @Schema(type = "string", example = "wait=30")),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobStatusView.class),
                    examples = @ExampleObject(name = "completed", value = ApiExamples.STATUS_COMPLETED)))
    @ApiResponse(responseCode = "400", ref = ApiExamples.BAD_REQUEST)
    @ApiResponse(responseCode = "413", ref = ApiExamples.TOO_LARGE)
    @ApiResponse(responseCode = "415", ref = ApiExamples.UNSUPPORTED_MEDIA_TYPE)
    @ApiResponse(responseCode = "503", ref = ApiExamples.BROKER_REFUSED)
    @PostMapping(path = "/api/job/start", consumes = MediaType.APPLICATION_JSON_VALUE)
    Object start(@RequestBody StartJobRequest request,
                 @Parameter(description = "`wait=N`: hold the answer up to N seconds (at most 60) until the job is finished",
                         example = "wait=30")
                 @RequestHeader(name = FinishWait.PREFER, required = false) String prefer) {
        return finishWait.preferred(prefer, accept(request));
    }

    /** The old synchronous API: a start that waits for the job like {@code Prefer: wait} (migration path). */
    @Operation(summary = "Run a job synchronously (legacy)", description = """
            For clients of the old synchronous `/api/run`: starts the job like `POST /api/job/start` and waits for it,
            at most 60 s (well inside Cloudflare's 100 s). 200 with the final status when it finished in time, else
            202 with the usual start answer, from which the client follows the job. New clients use
            `/api/job/start`; this is the migration path.""")
    @StartRequestBody
    @ApiResponse(responseCode = "200", description = "The job finished in time; its final status",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobStatusView.class),
                    examples = @ExampleObject(name = "completed", value = ApiExamples.STATUS_COMPLETED)))
    @ApiResponse(responseCode = "202", description = "Still running after the wait; follow the job",
            headers = @Header(name = "Location", description = "The status URL", schema = @Schema(type = "string")),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobAccepted.class),
                    examples = @ExampleObject(name = "accepted", value = ApiExamples.JOB_ACCEPTED)))
    @ApiResponse(responseCode = "400", ref = ApiExamples.BAD_REQUEST)
    @ApiResponse(responseCode = "413", ref = ApiExamples.TOO_LARGE)
    @ApiResponse(responseCode = "415", ref = ApiExamples.UNSUPPORTED_MEDIA_TYPE)
    @ApiResponse(responseCode = "503", ref = ApiExamples.BROKER_REFUSED)
    @PostMapping(path = "/api/run", consumes = MediaType.APPLICATION_JSON_VALUE)
    Object run(@RequestBody StartJobRequest request) {
        return finishWait.run(accept(request));
    }

    private ResponseEntity<JobAccepted> accept(StartJobRequest request) {
        JobSpec spec = validator.validate(request);
        JobMessage job = spec.toMessage(UUID.randomUUID(), DEFAULT_TENANT, clock.instant());
        publisher.publish(job);
        // the stream brings the same event back; applying it now makes the first poll answer at once
        statusCache.apply(StatusEvent.queued(job));
        JobAccepted accepted = JobAccepted.of(job.jobId(), pollAdvice.pollAfterMs(JobState.QUEUED));
        return ResponseEntity.accepted().location(URI.create(accepted.statusUrl())).body(accepted);
    }

    @ExceptionHandler(BrokerRefusedException.class)
    ResponseEntity<ProblemDetail> brokerRefused() {
        long retryAfter = Math.max(1, properties.brokerRetryAfter().toSeconds());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "the job queue did not accept the job; nothing was started, retry in " + retryAfter + " s");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter))
                .body(problem);
    }
}
