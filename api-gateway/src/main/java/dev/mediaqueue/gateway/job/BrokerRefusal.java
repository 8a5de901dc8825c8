package dev.mediaqueue.gateway.job;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** The 503 answer when the broker did not take what a request needed published. */
final class BrokerRefusal {

    private BrokerRefusal() {
    }

    /** A 503 problem with {@code Retry-After}; {@code whatHappened} says what was (not) done. */
    static ResponseEntity<ProblemDetail> answer(JobProperties properties, String whatHappened) {
        long retryAfter = Math.max(1, properties.brokerRetryAfter().toSeconds());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                whatHappened + ", retry in " + retryAfter + " s");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter))
                .body(problem);
    }
}
