package dev.mediaqueue.gateway.limits;

import dev.mediaqueue.gateway.security.Caller;
import dev.mediaqueue.gateway.security.TenantLimits;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.servlet.HandlerInterceptor;

import java.time.Duration;

/**
 * Takes a poll token for every request that follows jobs (the paths in {@link LimitsConfiguration}) before its
 * handler runs; an empty bucket is a 429. Runs inside the dispatcher, so after the authentication filter put
 * the {@link Caller} on the request. CORS preflights cost nothing: the browser sends them, not the client code.
 */
class PollBudgetInterceptor implements HandlerInterceptor {

    private final RateBudgets budgets;
    private final LimitMetrics metrics;

    PollBudgetInterceptor(RateBudgets budgets, LimitMetrics metrics) {
        this.budgets = budgets;
        this.metrics = metrics;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        // a long poll or event stream comes back as an async dispatch: it paid when it came in
        if (request.getDispatcherType() != DispatcherType.REQUEST || CorsUtils.isPreFlightRequest(request)) {
            return true;
        }
        Caller caller = Caller.of(request);
        if (caller == null) {
            caller = Caller.DEFAULT;
        }
        Duration wait = budgets.take(caller, Budget.POLL, 1);
        if (!wait.isZero()) {
            metrics.limited(LimitMetrics.POLL_RATE);
            TenantLimits limits = caller.limits();
            throw new LimitExceededException(LimitMetrics.POLL_RATE, wait, "too many requests: the budget of "
                    + limits.pollsPerSecond() + " status, history and result requests per second (bursts of "
                    + Budget.POLL.capacity(limits) + ") is used up; retry in " + LimitExceededException.retrySeconds(wait)
                    + " s, and follow a job with ?wait= long polls or its event stream instead of tight polling");
        }
        return true;
    }
}
