package dev.mediaqueue.worker.progress;

import dev.mediaqueue.model.ErrorType;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobResult;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.worker.generator.ProgressReporter;
import dev.mediaqueue.worker.system.ConfirmedSender;
import dev.mediaqueue.worker.system.PublishFailedException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The status events of one delivery attempt of a job, numbered by {@code seq} from 1 ({@code queued}
 * after a requeue is seq 0).
 *
 * <p>Progress events are throttled and not waited for. A terminal event (completed, failed, cancelled)
 * is always published and waited for: its method answers whether the broker confirmed it, because a
 * job may only be acknowledged once its end is recorded. After a terminal event, progress reports are
 * ignored.
 *
 * <p>Order: RabbitMQ keeps order per channel only. The job thread's publishes share one channel
 * ({@code ConfirmedSender.onOneChannel}), but a generator may report progress from threads of its own
 * (ComfyUI's websocket), whose events travel on other channels. A terminal event that overtook the
 * attempt's {@code running} event would be ignored by the gateways (a queued job cannot complete) and
 * the late {@code running} would then strand the job as running for ever (the benchmark's e2e run saw it for 1.4 % of jobs under load). So a terminal event
 * is published only after the earlier events of the attempt were confirmed, which for the stream means
 * stored ahead of it (bounded by the confirm timeout).
 *
 * <p>A preview reported by the generator travels on the progress events ({@code preview_url}) while the
 * job runs; terminal events carry none, because the preview is removed when the job ends.
 */
public final class AttemptEvents implements ProgressReporter {

    private static final Logger log = LoggerFactory.getLogger(AttemptEvents.class);

    private final StatusPublisher publisher;
    private final Clock clock;
    private final ProgressThrottle throttle;
    private final Duration confirmTimeout;
    private StatusEvent last;
    private boolean running;
    private boolean ended;
    private @Nullable String previewUrl;
    /** Completes when every event published so far in the background was confirmed (or refused). */
    private CompletableFuture<Void> published = CompletableFuture.completedFuture(null);

    AttemptEvents(JobMessage job, int attempt, String workerId, StatusPublisher publisher, Clock clock,
                  Duration progressInterval, Duration confirmTimeout) {
        this.publisher = publisher;
        this.clock = clock;
        this.throttle = new ProgressThrottle(clock, progressInterval);
        this.confirmTimeout = confirmTimeout;
        this.last = StatusEvent.queued(job).next().attempt(attempt).seq(0).workerId(workerId).at(job.createdAt());
    }

    /** The newest event made (or the attempt's starting point before any). */
    public synchronized StatusEvent last() {
        return last;
    }

    /** Records that the job waits in its queue again, as this attempt; answers whether it was confirmed. */
    public boolean requeued(String message) {
        CompletableFuture<Void> confirmed;
        StatusEvent event;
        synchronized (this) {
            event = last.next().state(JobState.QUEUED).progress(0).message(message).seq(0).at(clock.instant());
            last = event;
            confirmed = publisher.publish(event);
        }
        return awaitConfirm(confirmed, event);
    }

    /** Records that the job started running; not waited for. */
    public synchronized void running(String message) {
        last = last.next().state(JobState.RUNNING).progress(0).message(message).seq(last.seq() + 1)
                .startedAt(clock.instant()).at(clock.instant());
        running = true;
        publishInBackground(last);
    }

    @Override
    public synchronized void report(int percent, @Nullable String message) {
        if (!running || ended) {
            return;
        }
        int progress = Math.max(last.progress(), Math.min(100, Math.max(0, percent)));
        if (!throttle.tryPass(progress, changeKey(message, previewUrl))) {
            return;
        }
        last = last.next().progress(progress).message(message != null ? message : last.message())
                .previewUrl(previewUrl).seq(last.seq() + 1).at(clock.instant());
        publishInBackground(last);
    }

    @Override
    public synchronized void preview(String url) {
        if (!running || ended) {
            return;
        }
        previewUrl = url;
        report(last.progress(), last.message());
    }

    /** What the throttle compares: a new preview is a change even when the progress line is not. */
    private static @Nullable String changeKey(@Nullable String message, @Nullable String previewUrl) {
        return previewUrl == null ? message : message + "\n" + previewUrl;
    }

    /** Records that the job completed; answers whether the broker confirmed it. */
    public boolean completed(JobResult result) {
        return end(previous -> previous.next().state(JobState.COMPLETED).progress(100).message("Completed")
                .result(result));
    }

    /** Records that the job failed; answers whether the broker confirmed it. */
    public boolean failed(ErrorType type, String error) {
        return end(previous -> previous.next().state(JobState.FAILED).message(error).error(type, error));
    }

    /** Records that the job was cancelled; answers whether the broker confirmed it. */
    public boolean cancelled(String message) {
        return end(previous -> previous.next().state(JobState.CANCELLED).message(message));
    }

    private boolean end(Function<StatusEvent, StatusEvent.Builder> terminal) {
        CompletableFuture<Void> earlier;
        synchronized (this) {
            ended = true;
            earlier = published;
        }
        awaitEarlierEvents(earlier);
        CompletableFuture<Void> confirmed;
        StatusEvent event;
        synchronized (this) {
            event = terminal.apply(last).previewUrl(null).seq(last.seq() + 1).completedAt(clock.instant())
                    .at(clock.instant());
            last = event;
            confirmed = publisher.publish(event);
        }
        return awaitConfirm(confirmed, event);
    }

    private boolean awaitConfirm(CompletableFuture<Void> confirmed, StatusEvent event) {
        try {
            ConfirmedSender.awaitConfirm(confirmed, confirmTimeout);
            return true;
        } catch (PublishFailedException e) {
            log.warn("Could not record the {} event (attempt {}, seq {}): {}", event.state().wireName(),
                    event.attempt(), event.seq(), e.getMessage());
            return false;
        }
    }

    private void awaitEarlierEvents(CompletableFuture<Void> earlier) {
        try {
            earlier.get(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log.debug("Earlier events of the attempt were not all confirmed in time: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void publishInBackground(StatusEvent event) {
        // the confirm arrives on a connection thread: log with the job's keys all the same
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        CompletableFuture<Void> confirm = publisher.publish(event);
        published = CompletableFuture.allOf(published, confirm.handle((ignored, failure) -> null));
        confirm.whenComplete((confirmed, failure) -> {
            if (failure != null) {
                Map<String, String> previous = MDC.getCopyOfContextMap();
                MDC.setContextMap(logContext == null ? Map.of() : logContext);
                // a lost progress event is replaced by the next one; only the terminal event must arrive
                log.debug("A {} event (seq {}) was not confirmed: {}", event.state().wireName(), event.seq(),
                        failure.getMessage());
                MDC.setContextMap(previous == null ? Map.of() : previous);
            }
        });
    }
}
