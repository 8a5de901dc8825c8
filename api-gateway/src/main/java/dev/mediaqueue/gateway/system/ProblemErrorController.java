package dev.mediaqueue.gateway.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.Locale;

/**
 * Answers the errors that never reach a controller (the servlet container's own rejections, failures
 * in filters) as problem+json too, in place of Spring Boot's default error body.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        HttpStatus status = statusOf(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE));
        // never the exception's message: it may describe internals
        String detail = status.is5xxServerError() ? "an internal error occurred; it has been logged"
                : status.getReasonPhrase().toLowerCase(Locale.ROOT);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
            problem.setInstance(uriOrNull(uri));
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static URI uriOrNull(String path) {
        try {
            return URI.create(path);
        } catch (IllegalArgumentException e) {
            return null; // a path the container rejected may not even be a valid URI
        }
    }

    private static HttpStatus statusOf(Object code) {
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        return status == null || !status.isError() ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }
}
