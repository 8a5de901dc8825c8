package dev.mediaqueue.gateway.limits;

import dev.mediaqueue.gateway.security.TenantLimits;

import java.time.Duration;
import java.util.function.ToIntFunction;

/**
 * One of a tenant's two rate budgets, each a token bucket: {@code START} for starting jobs (a batch takes one
 * token per job), {@code POLL} for following them (status, events, history, batch status, result files, cancels).
 */
enum Budget {
    START(TenantLimits::startBurst, TenantLimits::startsPerMinute, Duration.ofMinutes(1)),
    POLL(TenantLimits::pollBurst, TenantLimits::pollsPerSecond, Duration.ofSeconds(1));

    private final ToIntFunction<TenantLimits> burst;
    private final ToIntFunction<TenantLimits> rate;
    private final Duration period;

    Budget(ToIntFunction<TenantLimits> burst, ToIntFunction<TenantLimits> rate, Duration period) {
        this.burst = burst;
        this.rate = rate;
        this.period = period;
    }

    /** Tokens the full bucket holds: the burst, at least one. */
    long capacity(TenantLimits limits) {
        return Math.max(1, burst.applyAsInt(limits));
    }

    /** Tokens added back every {@link #period()}; 0 = the budget is unlimited. */
    long tokensPer(TenantLimits limits) {
        return rate.applyAsInt(limits);
    }

    Duration period() {
        return period;
    }

    boolean isUnlimited(TenantLimits limits) {
        return tokensPer(limits) <= 0;
    }

    /** How long an empty bucket takes to fill up again: after that long unused, a new bucket is the same. */
    Duration refillTime(TenantLimits limits) {
        return period.multipliedBy(capacity(limits)).dividedBy(tokensPer(limits)).plus(period);
    }
}
