package dev.mediaqueue.gateway.job;

import dev.mediaqueue.gateway.security.Caller;
import dev.mediaqueue.gateway.status.PollAdvice;
import dev.mediaqueue.gateway.system.BrokerRefusedException;
import dev.mediaqueue.model.JobAccepted;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.JobStatusView;
import dev.mediaqueue.model.StatusEvent;
import org.springframework.http.CacheControl;
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

@RestController
class JobController {

    private final JobRequestValidator validator;
    private final JobStarter starter;
    private final PollAdvice pollAdvice;
    private final JobProperties properties;

    JobController(JobRequestValidator validator, JobStarter starter, PollAdvice pollAdvice, JobProperties properties) {
        this.validator = validator;
        this.starter = starter;
        this.pollAdvice = pollAdvice;
        this.properties = properties;
    }

    /**
     * Answers 202 only once the broker has confirmed both the queued event and the job. With an
     * {@code Idempotency-Key} the caller used before for the same request: 200 with that job's status.
     */
    @PostMapping(path = "/api/job/start", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> start(@RequestBody StartJobRequest request, Caller caller,
                            @RequestHeader(name = IdempotencyKey.HEADER, required = false) String idempotencyKey) {
        IdempotencyKey key = IdempotencyKey.parse(idempotencyKey);
        JobSpec spec = validator.validate(request);
        if (key == null) {
            return accepted(starter.start(spec, caller));
        }
        JobStarter.KeyedStart start = starter.start(spec, caller, key);
        if (start instanceof JobStarter.Repeated repeated) {
            return earlier(repeated.status());
        }
        return accepted(((JobStarter.Started) start).jobId());
    }

    private ResponseEntity<JobAccepted> accepted(UUID jobId) {
        JobAccepted accepted = JobAccepted.of(jobId, pollAdvice.pollAfterMs(JobState.QUEUED));
        return ResponseEntity.accepted().location(URI.create(accepted.statusUrl())).body(accepted);
    }

    private ResponseEntity<JobStatusView> earlier(StatusEvent status) {
        JobStatusView view = JobStatusView.of(status, null, null, pollAdvice.pollAfterMs(status.state()));
        return ResponseEntity.ok().location(URI.create("/api/job/" + status.jobId() + "/status"))
                .cacheControl(CacheControl.noStore()).body(view);
    }

    @ExceptionHandler(BrokerRefusedException.class)
    ResponseEntity<ProblemDetail> brokerRefused() {
        return BrokerRefusal.answer(properties, "the job queue did not accept the job; nothing was started");
    }
}
