package dev.mediaqueue.gateway.limits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.util.Map;

/** {@code mediaqueue.requests.limited}: requests answered 429, by the limit they hit; all registered at 0. */
@Component
class LimitMetrics {

    static final String START_RATE = "start_rate";
    static final String POLL_RATE = "poll_rate";
    static final String QUEUED_JOBS = "queued_jobs";

    private final Map<String, Counter> limited;

    LimitMetrics(MeterRegistry registry) {
        limited = Map.of(
                START_RATE, counter(registry, START_RATE),
                POLL_RATE, counter(registry, POLL_RATE),
                QUEUED_JOBS, counter(registry, QUEUED_JOBS));
    }

    void limited(String limit) {
        limited.get(limit).increment();
    }

    private static Counter counter(MeterRegistry registry, String limit) {
        return Counter.builder("mediaqueue.requests.limited")
                .description("Requests answered 429 because the caller was over a limit")
                .tag("limit", limit)
                .register(registry);
    }
}
