package dev.mediaqueue.gateway.status;

import dev.mediaqueue.model.JobStatusView;
import dev.mediaqueue.model.StatusEvent;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

@RestController
class StatusController {

    private final StatusCache cache;
    private final StatusReplay replay;
    private final PollAdvice pollAdvice;
    private final StatusProperties properties;

    StatusController(StatusCache cache, StatusReplay replay, PollAdvice pollAdvice, StatusProperties properties) {
        this.cache = cache;
        this.replay = replay;
        this.pollAdvice = pollAdvice;
        this.properties = properties;
    }

    /** A matching {@code If-None-Match} is answered 304 by Spring MVC from the ETag set here. */
    @GetMapping("/api/job/{id}/status")
    ResponseEntity<JobStatusView> status(@PathVariable UUID id) {
        StatusEvent event = cache.get(id).orElseThrow(() -> unknownJob(id));
        JobStatusView view = JobStatusView.of(event, null, null, pollAdvice.pollAfterMs(event.state()));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).eTag(etag(event)).body(view);
    }

    private static String etag(StatusEvent event) {
        return "\"" + event.attempt() + "-" + event.seq() + "-" + event.state().wireName() + "\"";
    }

    private ErrorResponseException unknownJob(UUID id) {
        if (replay.isCaughtUp()) {
            return new ErrorResponseException(HttpStatus.NOT_FOUND,
                    ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no job with id " + id), null);
        }
        // the job may exist and only not be loaded yet: a 404 now could make a client give up on it
        ErrorResponseException notYet = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE,
                ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                        "the gateway is still loading job statuses; job " + id + " may not be known yet"), null);
        notYet.getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, properties.replayRetryAfter().toSeconds())));
        return notYet;
    }
}
