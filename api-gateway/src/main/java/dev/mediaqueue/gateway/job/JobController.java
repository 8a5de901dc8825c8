package dev.mediaqueue.gateway.job;

import dev.mediaqueue.gateway.delivery.FinishWait;
import dev.mediaqueue.gateway.status.PollAdvice;
import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.gateway.system.BrokerRefusedException;
import dev.mediaqueue.model.JobAccepted;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.StatusEvent;
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
    @PostMapping(path = "/api/job/start", consumes = MediaType.APPLICATION_JSON_VALUE)
    Object start(@RequestBody StartJobRequest request,
                 @RequestHeader(name = FinishWait.PREFER, required = false) String prefer) {
        return finishWait.preferred(prefer, accept(request));
    }

    /** The old synchronous API: a start that waits for the job like {@code Prefer: wait} (migration path). */
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
