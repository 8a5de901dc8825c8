package dev.mediaqueue.gateway.limits;

import dev.mediaqueue.gateway.security.TenantLimits;

import java.time.Duration;

/**
 * One of a tenant's two rate budgets, each a token bucket: {@code START} for starting jobs (a batch takes one
 * token per job), {@code POLL} for following them (status, events, history, batch status, result files, cancels).
 */
enum Budget {
    START {
        @Override
        long capacity(TenantLimits limits) {
            return Math.max(1, limits.startBurst());
        }

        @Override
        long tokensPer(TenantLimits limits) {
            return limits.startsPerMinute();
        }

        @Override
        Duration period() {
            return Duration.ofMinutes(1);
        }
    },
    POLL {
        @Override
        long capacity(TenantLimits limits) {
            return Math.max(1, limits.pollBurst());
        }

        @Override
        long tokensPer(TenantLimits limits) {
            return limits.pollsPerSecond();
        }

        @Override
        Duration period() {
            return Duration.ofSeconds(1);
        }
    };

    /** Tokens the full bucket holds: the burst, at least one. */
    abstract long capacity(TenantLimits limits);

    /** Tokens added back every {@link #period()}; 0 = the budget is unlimited. */
    abstract long tokensPer(TenantLimits limits);

    abstract Duration period();

    boolean isUnlimited(TenantLimits limits) {
        return tokensPer(limits) <= 0;
    }

    /** How long an empty bucket takes to fill up again: after that long unused, a new bucket is the same. */
    Duration refillTime(TenantLimits limits) {
        return period().multipliedBy(capacity(limits)).dividedBy(tokensPer(limits)).plus(period());
    }
}
