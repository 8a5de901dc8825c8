package dev.mediaqueue.worker.job;

import dev.mediaqueue.model.MediaType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker's job meters: {@code mediaqueue.worker.jobs} (how deliveries ended, by media type and
 * outcome), {@code mediaqueue.worker.job.duration} (time from receipt to settlement),
 * {@code mediaqueue.worker.jobs.active} and {@code mediaqueue.worker.messages.malformed}.
 */
@Component
class JobMetrics {

    /** How a delivery ended. */
    enum Outcome {
        COMPLETED, FAILED, CANCELLED, EXPIRED, GAVE_UP, REQUEUED, UNRECORDED,
        /** Failed as {@code timed_out}: ran longer than its media type allows. */
        TIMED_OUT,
        /** Failed transiently and published again as the next attempt. */
        RETRIED,
        /** Given back to the queue as the next attempt by a worker shutting down. */
        HANDED_BACK,
        /** Left unsettled: the channel closed mid-job and the broker gave the message to another consumer. */
        LOST,
        /** A message of a job that already ended here, acknowledged without running it again. */
        DUPLICATE;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A running job, counted until closed. */
    @FunctionalInterface
    interface Active extends AutoCloseable {
        @Override
        void close();
    }

    private final MeterRegistry registry;
    private final Counter malformed;
    private final Map<MediaType, AtomicInteger> active = new EnumMap<>(MediaType.class);

    JobMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.malformed = Counter.builder("mediaqueue.worker.messages.malformed")
                .description("job messages that could not be read and were dead-lettered")
                .register(registry);
        for (MediaType type : MediaType.values()) {
            AtomicInteger gauge = new AtomicInteger();
            active.put(type, gauge);
            registry.gauge("mediaqueue.worker.jobs.active", Tags.of("media_type", type.wireName()), gauge);
        }
    }

    void malformed() {
        malformed.increment();
    }

    /** Counts a job as running until the returned handle is closed. */
    Active active(MediaType type) {
        AtomicInteger gauge = active.get(type);
        gauge.incrementAndGet();
        return gauge::decrementAndGet;
    }

    void ended(MediaType type, Outcome outcome, Duration took) {
        Counter.builder("mediaqueue.worker.jobs")
                .description("job deliveries by how they ended")
                .tag("media_type", type.wireName()).tag("outcome", outcome.tag())
                .register(registry).increment();
        Timer.builder("mediaqueue.worker.job.duration")
                .description("time from receiving a job to settling it")
                .tag("media_type", type.wireName()).tag("outcome", outcome.tag())
                .register(registry).record(took);
    }
}
