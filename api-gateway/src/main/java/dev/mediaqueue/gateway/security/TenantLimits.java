package dev.mediaqueue.gateway.security;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What one tenant (in open mode: one client IP) may do. Starts and polls have separate token buckets:
 * a polling loop gone wild cannot use up the budget for starting jobs, and the other way round.
 *
 * @param startsPerMinute  sustained rate of job starts (a batch counts each of its jobs); 0 = unlimited
 * @param startBurst       starts allowed at once on top of the sustained rate; the default is the default
 *                         {@code mediaqueue.gateway.max-batch-size}, so a full batch fits a fresh budget
 * @param pollsPerSecond   sustained rate of status, events, history and result requests; 0 = unlimited
 * @param pollBurst        such requests allowed at once
 * @param maxQueuedJobs    jobs of the tenant waiting in the queues at once (a start beyond it: 429); 0 = unlimited
 */
public record TenantLimits(
        @DefaultValue("120") int startsPerMinute,
        @DefaultValue("50") int startBurst,
        @DefaultValue("50") int pollsPerSecond,
        @DefaultValue("100") int pollBurst,
        @DefaultValue("500") int maxQueuedJobs) {

    /** No limit at all. */
    public static final TenantLimits UNLIMITED = new TenantLimits(0, 0, 0, 0, 0);
}
