package dev.mediaqueue.gateway.job;

import dev.mediaqueue.gateway.apidocs.ApiExamples;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.mediaqueue.gateway.security.Caller;
import dev.mediaqueue.gateway.results.ResultUrls;
import dev.mediaqueue.gateway.status.PollAdvice;
import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.gateway.system.BrokerRefusedException;
import dev.mediaqueue.model.JobStatusView;
import dev.mediaqueue.model.StatusEvent;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

@Tag(name = "jobs")
@RestController
class CancelController {

    private final StatusCache cache;
    private final JobCanceller canceller;
    private final PollAdvice pollAdvice;
    private final JobProperties properties;

    private final ResultUrls urls;

    CancelController(StatusCache cache, JobCanceller canceller, PollAdvice pollAdvice, JobProperties properties,
                     ResultUrls urls) {
        this.cache = cache;
        this.canceller = canceller;
        this.pollAdvice = pollAdvice;
        this.properties = properties;
        this.urls = urls;
    }

    /**
     * 202 with the status after the cancel: {@code cancelled} for a job that was queued, still
     * {@code running} for a running job until its worker reports it stopped. A finished job: 409.
     */
    @Operation(summary = "Cancel a job", description = """
            A queued job becomes `cancelled` at once and never runs; a running job is stopped by its worker within
            seconds (the answer still says `running`; follow the status). A finished job cannot be cancelled.""")
    @ApiResponse(responseCode = "202", description = "Cancelled (queued job) or being stopped (running job); the job's status",
            content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = ApiExamples.STATUS_RUNNING)))
    @ApiResponse(responseCode = "400", ref = ApiExamples.BAD_REQUEST)
    @ApiResponse(responseCode = "404", ref = ApiExamples.NOT_FOUND)
    @ApiResponse(responseCode = "409", description = "The job is already finished; the problem's `job` member is its status",
            content = @Content(mediaType = "application/problem+json",
                    examples = @ExampleObject(name = "finished", value = ApiExamples.CANCEL_CONFLICT)))
    @ApiResponse(responseCode = "503", ref = ApiExamples.BROKER_REFUSED)
    @PostMapping("/api/job/{id}/cancel")
    ResponseEntity<JobStatusView> cancel(@PathVariable UUID id, Caller caller) {
        StatusEvent current = cache.get(id).filter(job -> caller.owns(job.tenant()))
                .orElseThrow(() -> unknownJob(id));
        if (current.state().isTerminal()) {
            throw alreadyFinished(view(current));
        }
        return ResponseEntity.accepted().cacheControl(CacheControl.noStore()).body(view(canceller.cancel(current)));
    }

    @ExceptionHandler(BrokerRefusedException.class)
    ResponseEntity<ProblemDetail> brokerRefused() {
        return BrokerRefusal.answer(properties, "the broker did not take the cancel request; nothing changed");
    }

    private JobStatusView view(StatusEvent status) {
        return urls.signed(JobStatusView.of(status, null, null, pollAdvice.pollAfterMs(status.state())));
    }

    private static ErrorResponseException unknownJob(UUID id) {
        return new ErrorResponseException(HttpStatus.NOT_FOUND,
                ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no job with id " + id), null);
    }

    private static ErrorResponseException alreadyFinished(JobStatusView job) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "job " + job.jobId() + " is already " + job.status().wireName() + " and can no longer be cancelled");
        problem.setProperty("job", job);
        return new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
    }
}
