package dev.mediaqueue.gateway.delivery;

import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.gateway.results.ResultUrls;
import dev.mediaqueue.model.JobAccepted;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

/**
 * A bounded synchronous wait on a start: the answer to a start is held, without a thread, until the
 * job is finished (then 200 with its final status) or the wait ran out (then the start's own answer,
 * the usual 202). Serves {@code Prefer: wait=N} (RFC 7240) on {@code POST /api/job/start} and the
 * legacy {@code POST /api/run}.
 */
@EnableConfigurationProperties(DeliveryProperties.class)
@Component
public class FinishWait {

    /** The request header that asks for the wait. */
    public static final String PREFER = "Prefer";

    static final String PREFERENCE_APPLIED = "Preference-Applied";

    private final StatusWaiters waiters;
    private final StatusCache cache;
    private final DeliveryProperties properties;
    private final HoldTimer timer;
    private final ResultUrls urls;

    FinishWait(StatusWaiters waiters, StatusCache cache, DeliveryProperties properties, HoldTimer timer, ResultUrls urls) {
        this.waiters = waiters;
        this.cache = cache;
        this.properties = properties;
        this.timer = timer;
        this.urls = urls;
    }

    /**
     * The start's answer, held as long as a {@code Prefer: wait=N} header asks (at most
     * {@code mediaqueue.delivery.max-prefer-wait}); unchanged without one.
     *
     * @return {@code accepted} or a {@link DeferredResult} of the answer
     */
    public Object preferred(String prefer, ResponseEntity<JobAccepted> accepted) {
        Optional<Duration> wanted = preferredWait(prefer);
        if (wanted.isEmpty() || wanted.get().isZero()) {
            return accepted;
        }
        Duration wait = min(wanted.get(), properties.maxPreferWait());
        return hold(accepted, wait, "wait=" + wait.toSeconds());
    }

    /** The start's answer held up to {@code mediaqueue.delivery.run-wait}, for clients of the old synchronous API. */
    public Object run(ResponseEntity<JobAccepted> accepted) {
        return hold(accepted, properties.runWait(), null);
    }

    private Object hold(ResponseEntity<JobAccepted> accepted, Duration wait, String applied) {
        JobAccepted job = accepted.getBody();
        if (!accepted.getStatusCode().is2xxSuccessful() || job == null) {
            return accepted;
        }
        ResponseEntity<?> unfinished = applied == null ? accepted
                : ResponseEntity.status(accepted.getStatusCode()).headers(accepted.getHeaders())
                        .header(PREFERENCE_APPLIED, applied).body(job);
        DeferredResult<ResponseEntity<?>> result = new DeferredResult<>(wait.plus(HoldTimer.CONTAINER_GRACE).toMillis());
        Finish finish = new Finish(job, applied, result);
        ScheduledFuture<?> due = timer.after(wait, () -> result.setResult(unfinished));
        result.onTimeout(() -> result.setResult(unfinished));
        result.onCompletion(() -> {
            due.cancel(false);
            waiters.remove(job.jobId(), finish);
        });
        waiters.add(job.jobId(), finish);
        finish.jobMayHaveChanged();
        return result;
    }

    /**
     * The {@code wait} preference in seconds, if the header holds a valid one. Other preferences, and a
     * malformed wait, are ignored, as RFC 7240 asks.
     */
    static Optional<Duration> preferredWait(String prefer) {
        if (prefer == null) {
            return Optional.empty();
        }
        for (String preference : prefer.split(",")) {
            String token = preference.split(";", 2)[0].strip();
            int equals = token.indexOf('=');
            if (equals < 0 || !token.substring(0, equals).strip().toLowerCase(Locale.ROOT).equals("wait")) {
                continue;
            }
            String value = token.substring(equals + 1).strip().replace("\"", "");
            if (value.matches("\\d{1,9}")) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            }
        }
        return Optional.empty();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private final class Finish implements StatusWaiters.Waiter {
        private final JobAccepted job;
        private final String applied;
        private final DeferredResult<ResponseEntity<?>> result;
        private final MediaType mediaType;

        Finish(JobAccepted job, String applied, DeferredResult<ResponseEntity<?>> result) {
            this.job = job;
            this.applied = applied;
            this.result = result;
            this.mediaType = cache.get(job.jobId()).map(StatusEvent::mediaType).orElse(null);
        }

        @Override
        public MediaType mediaType() {
            return mediaType;
        }

        @Override
        public void jobMayHaveChanged() {
            if (result.isSetOrExpired()) {
                return;
            }
            cache.get(job.jobId()).filter(event -> event.state().isTerminal())
                    .ifPresent(event -> result.setResult(finished(TaggedStatus.ofFinished(event, urls))));
        }

        private ResponseEntity<?> finished(TaggedStatus status) {
            ResponseEntity.BodyBuilder answer = ResponseEntity.ok().cacheControl(CacheControl.noStore()).eTag(status.etag())
                    .header(HttpHeaders.CONTENT_LOCATION, job.statusUrl());
            if (applied != null) {
                answer.header(PREFERENCE_APPLIED, applied);
            }
            return answer.body(status.view());
        }
    }
}
