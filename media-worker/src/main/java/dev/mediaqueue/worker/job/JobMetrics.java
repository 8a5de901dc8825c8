package dev.mediaqueue.worker.job;

import dev.mediaqueue.model.ErrorType;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.worker.system.WorkerProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The worker's job meters, named as in {@code docs/metrics.md}: jobs finished, retried and dead-lettered,
 * queue wait and run time, whether a job of a media type runs and how far it got, generator failures.
 *
 * <p>Every series this worker can produce is registered at start with zero, so dashboards and alerts
 * see it before the first job (in PromQL a missing series is not a zero). Tags are low-cardinality
 * only: media type, outcome, reason, kind; never a job id.
 */
@Component
class JobMetrics {

    /** Bucket bounds of the job histograms: 1 s … 30 min. */
    static final List<Duration> JOB_BUCKETS = List.of(Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
            Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(20),
            Duration.ofMinutes(30));

    static final String UNKNOWN_MEDIA_TYPE = "unknown";

    private static final List<JobState> OUTCOMES = List.of(JobState.COMPLETED, JobState.FAILED, JobState.CANCELLED);
    private static final List<String> FAILURE_KINDS = List.of("permanent", "transient", "timed_out", "internal");
    private static final String MALFORMED = "malformed";
    private static final String MAX_ATTEMPTS = "max_attempts";

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
        DUPLICATE,
        /** A job cancelled while queued, acknowledged without running it; the gateway counted it. */
        WITHDRAWN;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A running job, counted as busy until closed. */
    @FunctionalInterface
    interface Active extends AutoCloseable {
        @Override
        void close();
    }

    /** What runs now for one media type: at most one job, as each type has one consumer. */
    private static final class Slot {
        final AtomicInteger busy = new AtomicInteger();
        volatile IntSupplier progress = () -> 0;

        double progressRatio() {
            return busy.get() > 0 ? progress.getAsInt() / 100.0 : 0;
        }
    }

    private final MeterRegistry registry;
    private final Map<MediaType, Slot> slots = new EnumMap<>(MediaType.class);

    JobMetrics(MeterRegistry registry, WorkerProperties worker) {
        this.registry = registry;
        for (MediaType type : worker.mediaTypes()) {
            register(type);
        }
    }

    private void register(MediaType type) {
        if (slots.containsKey(type)) {
            return;
        }
        Slot slot = new Slot();
        slots.put(type, slot);
        Gauge.builder("mediaqueue.worker.busy", slot.busy, AtomicInteger::get)
                .description("1 while this worker runs a job of the media type")
                .tag("media_type", type.wireName()).register(registry);
        Gauge.builder("mediaqueue.worker.job.progress.ratio", slot, Slot::progressRatio)
                .description("progress of the job of the media type this worker runs, 0 to 1")
                .tag("media_type", type.wireName()).register(registry);
        OUTCOMES.forEach(outcome -> {
            finished(type, outcome);
            runTime(type, outcome);
        });
        retried(type);
        queueWait(type);
        deadLettered(type.wireName(), MALFORMED);
        deadLettered(type.wireName(), MAX_ATTEMPTS);
        FAILURE_KINDS.forEach(kind -> generatorFailures(type, kind));
    }

    /** A message that is not a job was dead-lettered; {@code queueType} is the type of the queue it came from. */
    void malformed(Optional<MediaType> queueType) {
        deadLettered(queueType.map(MediaType::wireName).orElse(UNKNOWN_MEDIA_TYPE), MALFORMED).increment();
    }

    /** Counts a job of {@code type} as running until the returned handle is closed; {@code progress} is 0–100. */
    Active active(MediaType type, IntSupplier progress) {
        Slot slot = slots.get(type);
        if (slot == null) {
            return () -> { };
        }
        slot.progress = progress;
        slot.busy.incrementAndGet();
        return () -> {
            slot.busy.decrementAndGet();
            slot.progress = () -> 0;
        };
    }

    /** Records how long the job waited: from its acceptance to the start of this attempt ({@code running}). */
    void started(StatusEvent running) {
        if (running.startedAt() != null) {
            queueWait(running.mediaType()).record(nonNegative(running.createdAt(), running.startedAt()));
        }
    }

    /** The generator failed the job; {@code type} is how ({@code permanent}, {@code transient}, …). */
    void generatorFailed(MediaType mediaType, ErrorType type) {
        generatorFailures(mediaType, kindOf(type)).increment();
    }

    /** A delivery ended as {@code outcome}; {@code last} is the last status event of the attempt. */
    void ended(Outcome outcome, StatusEvent last) {
        MediaType type = last.mediaType();
        switch (outcome) {
            case COMPLETED, FAILED, CANCELLED, EXPIRED -> finished(last);
            case TIMED_OUT -> {
                finished(last);
                generatorFailed(type, ErrorType.TIMED_OUT);
            }
            case GAVE_UP -> {
                finished(last);
                deadLettered(type.wireName(), MAX_ATTEMPTS).increment();
            }
            case REQUEUED, RETRIED, HANDED_BACK -> retried(type).increment();
            case UNRECORDED, LOST, DUPLICATE, WITHDRAWN -> {
                // the message went back to the queue, to another worker, or was counted elsewhere
            }
        }
    }

    private void finished(StatusEvent terminal) {
        if (!terminal.state().isTerminal()) {
            return;
        }
        finished(terminal.mediaType(), terminal.state()).increment();
        if (terminal.startedAt() != null && terminal.completedAt() != null) {
            runTime(terminal.mediaType(), terminal.state())
                    .record(nonNegative(terminal.startedAt(), terminal.completedAt()));
        }
    }

    private static Duration nonNegative(Instant from, Instant to) {
        // the gateway's and the worker's clocks may disagree by a little
        Duration between = Duration.between(from, to);
        return between.isNegative() ? Duration.ZERO : between;
    }

    private static String kindOf(ErrorType type) {
        return switch (type) {
            case PERMANENT -> "permanent";
            case TRANSIENT -> "transient";
            case TIMED_OUT -> "timed_out";
            case EXPIRED, REJECTED, MAX_ATTEMPTS, INVALID, INTERNAL -> "internal";
        };
    }

    private Counter finished(MediaType type, JobState outcome) {
        return Counter.builder("mediaqueue.jobs.finished")
                .description("jobs that reached a terminal state")
                .tag("media_type", type.wireName()).tag("outcome", outcome.wireName())
                .register(registry);
    }

    private Counter retried(MediaType type) {
        return Counter.builder("mediaqueue.jobs.retried")
                .description("redelivered jobs published again as a new attempt")
                .tag("media_type", type.wireName())
                .register(registry);
    }

    private Counter deadLettered(String mediaType, String reason) {
        return Counter.builder("mediaqueue.jobs.dead.lettered")
                .description("job messages sent to media.jobs.dead")
                .tag("media_type", mediaType).tag("reason", reason)
                .register(registry);
    }

    private Counter generatorFailures(MediaType type, String kind) {
        return Counter.builder("mediaqueue.generator.failures")
                .description("jobs the generator failed, by kind of failure")
                .tag("media_type", type.wireName()).tag("kind", kind)
                .register(registry);
    }

    private Timer queueWait(MediaType type) {
        return Timer.builder("mediaqueue.job.queue.wait")
                .description("time from a job's acceptance to the start of its attempt")
                .tag("media_type", type.wireName())
                .serviceLevelObjectives(JOB_BUCKETS.toArray(Duration[]::new))
                .register(registry);
    }

    private Timer runTime(MediaType type, JobState outcome) {
        return Timer.builder("mediaqueue.job.run")
                .description("time from the start of a job's attempt to its terminal state")
                .tag("media_type", type.wireName()).tag("outcome", outcome.wireName())
                .serviceLevelObjectives(JOB_BUCKETS.toArray(Duration[]::new))
                .register(registry);
    }
}
