package dev.mediaqueue.gateway.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the gateway keeps its rate budgets ({@code mediaqueue.limits}); the budgets themselves are per tenant
 * ({@code mediaqueue.security.tenants.<name>.limits}, open mode: {@code mediaqueue.security.open-limits}).
 *
 * @param maxTrackedClients most budget keys (tenants, in open mode client IPs) whose buckets are held at
 *                          once; beyond it the least recently used go, so a flood from many addresses cannot
 *                          grow memory (an evicted key starts again with a full bucket)
 * @param queuedRetryAfter  {@code Retry-After} of the 429 sent when a tenant has its most jobs queued
 */
@ConfigurationProperties("mediaqueue.limits")
record LimitsProperties(
        @DefaultValue("100000") int maxTrackedClients,
        @DefaultValue("10s") Duration queuedRetryAfter) {

    LimitsProperties {
        if (maxTrackedClients < 1) {
            throw new IllegalArgumentException("mediaqueue.limits.max-tracked-clients must be at least 1, was " + maxTrackedClients);
        }
        if (queuedRetryAfter.toSeconds() < 1) {
            throw new IllegalArgumentException("mediaqueue.limits.queued-retry-after must be at least 1s, was " + queuedRetryAfter);
        }
    }
}
