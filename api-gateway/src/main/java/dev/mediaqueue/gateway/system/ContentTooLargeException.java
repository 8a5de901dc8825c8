package dev.mediaqueue.gateway.system;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A request body over {@code mediaqueue.gateway.max-body-size}. */
class ContentTooLargeException extends ErrorResponseException {

    ContentTooLargeException(long maxBytes) {
        super(HttpStatus.CONTENT_TOO_LARGE, ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "the request body is larger than " + maxBytes + " bytes"), null);
    }
}
