package dev.mediaqueue.gateway.status;

import dev.mediaqueue.gateway.security.Caller;
import dev.mediaqueue.model.StatusEvent;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import java.util.UUID;

/**
 * Finds a job's newest status for an HTTP answer, or the problem to answer instead: 404 for a job this
 * gateway does not know, 503 with {@code Retry-After} while the replay may still bring it.
 *
 * <p>Another tenant's job is answered exactly like an unknown one (not 403): its existence is not revealed.
 */
@Component
public class JobLookup {

    private final StatusCache cache;
    private final StatusReplay replay;
    private final StatusProperties properties;

    JobLookup(StatusCache cache, StatusReplay replay, StatusProperties properties) {
        this.cache = cache;
        this.replay = replay;
        this.properties = properties;
    }

    /** @throws ErrorResponseException 404 or 503 (see the class comment), also for another tenant's job */
    public StatusEvent require(UUID id, Caller caller) {
        return cache.get(id).filter(job -> caller.owns(job.tenant())).orElseThrow(() -> unknownJob(id));
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
