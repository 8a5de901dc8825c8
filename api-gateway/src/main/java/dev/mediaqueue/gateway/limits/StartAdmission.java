package dev.mediaqueue.gateway.limits;

import dev.mediaqueue.gateway.security.Caller;
import dev.mediaqueue.gateway.security.TenantLimits;
import dev.mediaqueue.gateway.system.InvalidField;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import java.time.Duration;
import java.util.List;

/**
 * Decides whether a caller may start jobs now: not over its cap of queued jobs, and with start tokens left.
 * A batch is admitted whole or not at all. Called by the job starter right before it publishes.
 *
 * <p>The cap is checked first, so a refused start costs no token. Starts running at the same moment on one or
 * several gateways all see the same count, so the cap may be passed by the number of starts in flight; it is
 * a guard against one tenant filling the queues, not an exact quota.
 */
@Component
public class StartAdmission {

    private final RateBudgets budgets;
    private final QueuedJobs queuedJobs;
    private final LimitMetrics metrics;
    private final LimitsProperties properties;

    StartAdmission(RateBudgets budgets, QueuedJobs queuedJobs, LimitMetrics metrics, LimitsProperties properties) {
        this.budgets = budgets;
        this.queuedJobs = queuedJobs;
        this.metrics = metrics;
        this.properties = properties;
    }

    /**
     * @param jobs how many jobs the request starts (1, or a batch's size)
     * @throws LimitExceededException        429 when the caller has too many jobs queued or no start tokens left
     * @throws ErrorResponseException        400 when a batch is larger than the caller could ever start at once
     */
    public void admit(Caller caller, int jobs) {
        TenantLimits limits = caller.limits();
        checkQueuedCap(caller.tenant(), limits, jobs);
        if (!Budget.START.isUnlimited(limits) && jobs > Budget.START.capacity(limits)) {
            throw tooLargeBatch("start burst", Budget.START.capacity(limits), jobs);
        }
        Duration wait = budgets.take(caller, Budget.START, jobs);
        if (!wait.isZero()) {
            metrics.limited(LimitMetrics.START_RATE);
            throw new LimitExceededException(LimitMetrics.START_RATE, wait, "too many job starts: the budget of "
                    + limits.startsPerMinute() + " per minute (bursts of " + Budget.START.capacity(limits)
                    + ") is used up; retry in " + LimitExceededException.retrySeconds(wait) + " s");
        }
    }

    private void checkQueuedCap(String tenant, TenantLimits limits, int jobs) {
        int max = limits.maxQueuedJobs();
        if (max <= 0) {
            return;
        }
        if (jobs > max) {
            throw tooLargeBatch("cap of queued jobs", max, jobs);
        }
        int queued = queuedJobs.of(tenant);
        if (queued + jobs > max) {
            metrics.limited(LimitMetrics.QUEUED_JOBS);
            throw new LimitExceededException(LimitMetrics.QUEUED_JOBS, properties.queuedRetryAfter(),
                    "too many jobs waiting: " + queued + " of at most " + max + " are queued"
                            + (jobs > 1 ? " and the batch has " + jobs : "")
                            + "; retry when some have started, or cancel some");
        }
    }

    /** A batch that could never be admitted: waiting would not help, so it is a 400 rather than a 429. */
    private static ErrorResponseException tooLargeBatch(String what, long most, int jobs) {
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, InvalidField.problem(List.of(new InvalidField("items",
                "must hold at most " + most + " jobs for this caller (its " + what + "), had " + jobs))), null);
    }
}
