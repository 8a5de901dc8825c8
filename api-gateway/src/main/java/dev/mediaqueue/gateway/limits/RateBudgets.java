package dev.mediaqueue.gateway.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.mediaqueue.gateway.security.Caller;
import dev.mediaqueue.gateway.security.TenantLimits;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The start and poll token buckets (Bucket4j) of every budget key ({@link Caller#budgetKey()}: a tenant, in
 * open mode a client IP), refilled greedily at the tenant's sustained rate up to its burst.
 *
 * <p>The buckets live in a Caffeine cache bounded by {@code mediaqueue.limits.max-tracked-clients}; a bucket
 * unused for as long as it takes to refill completely is dropped, since a new one would be the same. So
 * memory stays bounded however many addresses a flood comes from. The buckets are per gateway: with N
 * gateways behind a load balancer a tenant gets up to N times its budget (docs/decisions/0009).
 */
@EnableConfigurationProperties(LimitsProperties.class)
@Component
class RateBudgets {

    private record Tracked(Bucket bucket, Duration idleExpiry) {
    }

    private final Map<Budget, Cache<String, Tracked>> buckets = new EnumMap<>(Budget.class);
    private final TimeMeter time;

    @Autowired
    RateBudgets(LimitsProperties properties) {
        this(properties, TimeMeter.SYSTEM_NANOTIME);
    }

    RateBudgets(LimitsProperties properties, TimeMeter time) {
        this.time = time;
        for (Budget budget : Budget.values()) {
            buckets.put(budget, Caffeine.newBuilder()
                    .maximumSize(properties.maxTrackedClients())
                    .expireAfter(Expiry.accessing((String key, Tracked tracked) -> tracked.idleExpiry()))
                    .build());
        }
    }

    /**
     * Takes {@code tokens} from the caller's bucket, all or none.
     *
     * @return {@link Duration#ZERO} when they were taken (or the budget is unlimited), else how long until
     *         the bucket holds that many again
     */
    Duration take(Caller caller, Budget budget, int tokens) {
        TenantLimits limits = caller.limits();
        if (budget.isUnlimited(limits)) {
            return Duration.ZERO;
        }
        Bucket bucket = buckets.get(budget).get(caller.budgetKey(), key -> track(budget, limits)).bucket();
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(tokens);
        return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
    }

    /** Budget keys holding a bucket of this budget now (after pending evictions). */
    long tracked(Budget budget) {
        Cache<String, Tracked> cache = buckets.get(budget);
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private Tracked track(Budget budget, TenantLimits limits) {
        Bucket bucket = Bucket.builder()
                .addLimit(limit -> limit.capacity(budget.capacity(limits))
                        .refillGreedy(budget.tokensPer(limits), budget.period()))
                .withCustomTimePrecision(time)
                .build();
        return new Tracked(bucket, budget.refillTime(limits));
    }
}
