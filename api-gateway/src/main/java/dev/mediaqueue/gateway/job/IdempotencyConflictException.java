package dev.mediaqueue.gateway.job;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.util.UUID;

/** An {@code Idempotency-Key} reused for another request; answered 422. */
class IdempotencyConflictException extends ErrorResponseException {

    IdempotencyConflictException(IdempotencyKey key, UUID jobId) {
        super(HttpStatus.UNPROCESSABLE_ENTITY, problem(key, jobId), null);
    }

    private static ProblemDetail problem(IdempotencyKey key, UUID jobId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY,
                "Idempotency-Key '" + key.value() + "' already started job " + jobId
                        + " with a different request; send a new key for a new job");
        problem.setProperty("job_id", jobId);
        return problem;
    }
}
