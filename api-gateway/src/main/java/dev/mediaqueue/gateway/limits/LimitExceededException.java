package dev.mediaqueue.gateway.limits;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.time.Duration;

/**
 * A request over one of the caller's limits: 429 with {@code Retry-After} in whole seconds (at least 1) and a
 * {@code limit} member naming which one ({@code start_rate}, {@code poll_rate}, {@code queued_jobs}).
 */
public class LimitExceededException extends ErrorResponseException {

    LimitExceededException(String limit, Duration retryAfter, String detail) {
        super(HttpStatus.TOO_MANY_REQUESTS, problem(limit, detail), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retrySeconds(retryAfter)));
    }

    /** Whole seconds, rounded up, never 0: a client told to retry at once would only be refused again. */
    static long retrySeconds(Duration wait) {
        long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    private static ProblemDetail problem(String limit, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, detail);
        problem.setProperty("limit", limit);
        return problem;
    }
}
