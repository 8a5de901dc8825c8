package dev.mediaqueue.gateway.delivery;

import dev.mediaqueue.gateway.status.JobLookup;
import dev.mediaqueue.model.StatusEvent;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.UUID;

@RestController
class StatusController {

    private final JobLookup lookup;
    private final StatusViews views;
    private final LongPolls longPolls;
    private final DeliveryProperties properties;

    StatusController(JobLookup lookup, StatusViews views, LongPolls longPolls, DeliveryProperties properties) {
        this.lookup = lookup;
        this.views = views;
        this.longPolls = longPolls;
        this.properties = properties;
    }

    /**
     * The job's status, or 304 when {@code If-None-Match} names it. With {@code ?wait=N} and a matching
     * {@code If-None-Match} the answer is held until the status changes or N seconds (at most
     * {@code mediaqueue.delivery.max-wait}) passed.
     *
     * @return the answer, or a {@link org.springframework.web.context.request.async.DeferredResult} of it
     */
    @GetMapping("/api/job/{id}/status")
    Object status(@PathVariable UUID id, @RequestParam(name = "wait", required = false) Integer waitSeconds,
                  @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        Duration wait = holdFor(waitSeconds);
        StatusEvent event = lookup.require(id);
        TaggedStatus now = views.of(event);
        if (wait.isZero() || !now.matches(ifNoneMatch) || now.isTerminal()) {
            return now.answer(ifNoneMatch);
        }
        return longPolls.hold(id, event.mediaType(), ifNoneMatch, wait);
    }

    private Duration holdFor(Integer waitSeconds) {
        if (waitSeconds == null) {
            return Duration.ZERO;
        }
        if (waitSeconds < 0) {
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "wait must be a number of seconds from 0 to " + properties.maxWait().toSeconds() + ", was " + waitSeconds), null);
        }
        Duration wanted = Duration.ofSeconds(waitSeconds);
        return wanted.compareTo(properties.maxWait()) <= 0 ? wanted : properties.maxWait();
    }
}
