package dev.mediaqueue.worker.job;

import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.worker.cancel.CancellationTokens;
import dev.mediaqueue.worker.generator.CancellationSignal.Reason;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The time limits of a job: it must start before its {@code start_by} and within its media type's
 * queue time, and it must end within its media type's run time, which a watchdog enforces by stopping
 * the job's cancellation signal with {@link Reason#TIMED_OUT}.
 */
@Component
class JobDeadlines implements DisposableBean {

    private final JobLifecycleProperties limits;
    private final CancellationTokens cancellations;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor watchdog;

    JobDeadlines(JobLifecycleProperties limits, CancellationTokens cancellations, Clock clock) {
        this.limits = limits;
        this.cancellations = cancellations;
        this.clock = clock;
        this.watchdog = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "run-time-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        // a job that ends in time cancels its watch; do not keep 30-minute tasks around for nothing
        watchdog.setRemoveOnCancelPolicy(true);
    }

    /** Why {@code job} must not start any more, as the error text of its {@code failed} event; empty if it may. */
    Optional<String> expiry(JobMessage job) {
        Instant now = clock.instant();
        if (job.startBy() != null && now.isAfter(job.startBy())) {
            return Optional.of("expired: not started before " + job.startBy());
        }
        Duration maxQueueTime = limits.maxQueueTime().of(job.mediaType());
        if (maxQueueTime != null && now.isAfter(job.createdAt().plus(maxQueueTime))) {
            return Optional.of("expired: not started within " + format(maxQueueTime) + " of being queued");
        }
        return Optional.empty();
    }

    /** Stops {@code job} with {@link Reason#TIMED_OUT} once it ran longer than its media type allows, unless closed before. */
    Watch watchRunTime(JobMessage job) {
        ScheduledFuture<?> timeout = watchdog.schedule(() -> cancellations.stop(job.jobId(), Reason.TIMED_OUT),
                maxRunTime(job).toNanos(), TimeUnit.NANOSECONDS);
        return () -> timeout.cancel(false);
    }

    /** The error text of a job stopped by its run-time limit. */
    String timedOut(JobMessage job) {
        return "timed out after " + format(maxRunTime(job));
    }

    private Duration maxRunTime(JobMessage job) {
        return limits.maxRunTime().of(job.mediaType());
    }

    @Override
    public void destroy() {
        watchdog.shutdownNow();
    }

    /** A duration in its largest whole unit: {@code 5m}, {@code 90s}, {@code 1h}, {@code 250ms}. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }
}
