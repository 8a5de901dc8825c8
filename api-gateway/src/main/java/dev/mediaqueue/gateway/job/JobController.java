package dev.mediaqueue.gateway.job;

import dev.mediaqueue.gateway.security.Caller;
import dev.mediaqueue.gateway.apidocs.ApiExamples;
import dev.mediaqueue.gateway.apidocs.StartRequestBody;
import dev.mediaqueue.gateway.delivery.FinishWait;
import dev.mediaqueue.gateway.results.ResultUrls;
import dev.mediaqueue.gateway.status.PollAdvice;
import dev.mediaqueue.gateway.system.BrokerRefusedException;
import dev.mediaqueue.model.JobAccepted;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.JobStatusView;
import dev.mediaqueue.model.StatusEvent;
import org.springframework.http.CacheControl;
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
import java.util.UUID;

@Tag(name = "jobs")
@RestController
class JobController {

    /** Sent when the request asked for a tier above the caller's allowance: the tier the job got instead. */
    static final String PRIORITY_LOWERED = "Priority-Lowered";

    private final JobRequestValidator validator;
    private final JobStarter starter;
    private final PollAdvice pollAdvice;
    private final FinishWait finishWait;
    private final JobProperties properties;
    private final ResultUrls urls;

    JobController(JobRequestValidator validator, JobStarter starter, PollAdvice pollAdvice, FinishWait finishWait,
                  JobProperties properties, ResultUrls urls) {
        this.validator = validator;
        this.starter = starter;
        this.pollAdvice = pollAdvice;
        this.finishWait = finishWait;
        this.properties = properties;
        this.urls = urls;
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
            @Header(name = "Preference-Applied", description = "With `Prefer: wait`", schema = @Schema(type = "string", example = "wait=30")),
            @Header(name = PRIORITY_LOWERED, description = "The request asked for a tier above the caller's allowance: "
                    + "the tier the job got instead", schema = @Schema(type = "string", example = "high"))},
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
    Object start(@RequestBody StartJobRequest request, @Parameter(hidden = true) Caller caller,
                 @Parameter(description = "Same key and same body: the original job (200), never a second one; "
                         + "same key, other body: 422. 1–255 characters of A-Z a-z 0-9 . _ : -", example = "upload-7f3a")
                 @RequestHeader(name = IdempotencyKey.HEADER, required = false) String idempotencyKey,
                 @Parameter(description = "`wait=N`: hold the answer up to N seconds (at most 60) until the job is finished",
                         example = "wait=30")
                 @RequestHeader(name = FinishWait.PREFER, required = false) String prefer) {
        IdempotencyKey key = IdempotencyKey.parse(idempotencyKey);
        JobSpec spec = validator.validate(request);
        if (key == null) {
            return finishWait.preferred(prefer, accepted(starter.start(spec, caller), spec, caller));
        }
        JobStarter.KeyedStart start = starter.start(spec, caller, key);
        if (start instanceof JobStarter.Repeated repeated) {
            return earlier(repeated.status());
        }
        return finishWait.preferred(prefer, accepted(((JobStarter.Started) start).jobId(), spec, caller));
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
    Object run(@RequestBody StartJobRequest request, @Parameter(hidden = true) Caller caller) {
        JobSpec spec = validator.validate(request);
        return finishWait.run(accepted(starter.start(spec, caller), spec, caller));
    }

    private ResponseEntity<JobAccepted> accepted(UUID jobId, JobSpec spec, Caller caller) {
        JobAccepted accepted = JobAccepted.of(jobId, pollAdvice.pollAfterMs(JobState.QUEUED));
        ResponseEntity.BodyBuilder answer = ResponseEntity.accepted().location(URI.create(accepted.statusUrl()));
        if (spec.priority().isAbove(caller.maxPriority())) {
            answer.header(PRIORITY_LOWERED, caller.maxPriority().wireName());
        }
        return answer.body(accepted);
    }

    private ResponseEntity<JobStatusView> earlier(StatusEvent status) {
        JobStatusView view = urls.signed(JobStatusView.of(status, null, null, pollAdvice.pollAfterMs(status.state())));
        return ResponseEntity.ok().location(URI.create("/api/job/" + status.jobId() + "/status"))
                .cacheControl(CacheControl.noStore()).body(view);
    }

    @ExceptionHandler(BrokerRefusedException.class)
    ResponseEntity<ProblemDetail> brokerRefused() {
        return BrokerRefusal.answer(properties, "the job queue did not accept the job; nothing was started");
    }
}
