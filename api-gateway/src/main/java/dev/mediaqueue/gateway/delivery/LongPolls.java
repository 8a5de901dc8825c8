package dev.mediaqueue.gateway.delivery;

import dev.mediaqueue.gateway.security.Caller;
import dev.mediaqueue.gateway.status.JobLookup;
import dev.mediaqueue.model.JobStatusView;
import dev.mediaqueue.model.MediaType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.context.request.async.DeferredResult;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;

/**
 * Long polls: a status request held, without a thread, until the job's status differs from the one
 * the client named in {@code If-None-Match}, or until the wait ran out (then 304, or 200 if it changed
 * at the last moment).
 */
@EnableConfigurationProperties(DeliveryProperties.class)
@Component
class LongPolls {

    private final StatusWaiters waiters;
    private final JobLookup lookup;
    private final StatusViews views;
    private final HoldTimer timer;

    LongPolls(StatusWaiters waiters, JobLookup lookup, StatusViews views, HoldTimer timer) {
        this.waiters = waiters;
        this.lookup = lookup;
        this.views = views;
        this.timer = timer;
    }

    DeferredResult<ResponseEntity<JobStatusView>> hold(UUID jobId, Caller caller, MediaType mediaType, String ifNoneMatch,
                                                       Duration wait) {
        DeferredResult<ResponseEntity<JobStatusView>> result =
                new DeferredResult<>(wait.plus(HoldTimer.CONTAINER_GRACE).toMillis());
        LongPoll poll = new LongPoll(jobId, caller, mediaType, ifNoneMatch, result);
        ScheduledFuture<?> due = timer.after(wait, poll::answerNow);
        result.onTimeout(poll::answerNow);
        result.onCompletion(() -> {
            due.cancel(false);
            waiters.remove(jobId, poll);
        });
        waiters.add(jobId, poll);
        // a change between the controller's look and add() would otherwise go unnoticed until the timeout
        poll.jobMayHaveChanged();
        return result;
    }

    private final class LongPoll implements StatusWaiters.Waiter {
        private final UUID jobId;
        private final Caller caller;
        private final MediaType mediaType;
        private final String ifNoneMatch;
        private final DeferredResult<ResponseEntity<JobStatusView>> result;

        LongPoll(UUID jobId, Caller caller, MediaType mediaType, String ifNoneMatch,
                 DeferredResult<ResponseEntity<JobStatusView>> result) {
            this.jobId = jobId;
            this.caller = caller;
            this.mediaType = mediaType;
            this.ifNoneMatch = ifNoneMatch;
            this.result = result;
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
            try {
                TaggedStatus now = views.of(lookup.require(jobId, caller));
                if (!now.matches(ifNoneMatch)) {
                    result.setResult(now.answer(ifNoneMatch));
                }
            } catch (ErrorResponseException gone) {
                result.setErrorResult(gone);
            }
        }

        void answerNow() {
            if (result.isSetOrExpired()) {
                return;
            }
            try {
                result.setResult(views.of(lookup.require(jobId, caller)).answer(ifNoneMatch));
            } catch (ErrorResponseException gone) {
                result.setErrorResult(gone);
            }
        }
    }
}
