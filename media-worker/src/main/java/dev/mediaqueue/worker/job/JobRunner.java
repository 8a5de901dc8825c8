package dev.mediaqueue.worker.job;

import dev.mediaqueue.model.ErrorType;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.WireFormat;
import dev.mediaqueue.worker.cancel.CancellationTokens;
import dev.mediaqueue.worker.generator.CancellationSignal;
import dev.mediaqueue.worker.generator.CancellationSignal.Reason;
import dev.mediaqueue.worker.generator.GeneratedMedia;
import dev.mediaqueue.worker.generator.GenerationException;
import dev.mediaqueue.worker.generator.MediaGenerator;
import dev.mediaqueue.worker.generator.OutputFiles;
import dev.mediaqueue.worker.generator.ResultStore;
import dev.mediaqueue.worker.job.JobMetrics.Outcome;
import dev.mediaqueue.worker.progress.AttemptEvents;
import dev.mediaqueue.worker.progress.StatusEvents;
import dev.mediaqueue.worker.system.WorkerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * Owns the life of a job delivery: reads the message, counts the attempt, runs the generator, records
 * the end and only then settles the message.
 *
 * <p>Rules: a message that cannot be read (or is too large to be a job) is dead-lettered; one whose
 * fields are oversized or path-like fails permanently without running ({@link JobInputCheck}). A redelivered message means the worker
 * that held it was lost: the job is published again as the next attempt, or fails with
 * {@code max_attempts} when there were too many. A job past its {@code start_by} or its media type's
 * queue time fails as expired without running. A job that must stop ends by the reason of its
 * cancellation signal, whatever its generator threw: {@code cancelled} for a caller's cancel,
 * {@code failed} ({@code timed_out}) past its run time, handed back to the queue when the worker shuts
 * down, and nothing at all when the delivery was lost with its channel. A transient generator failure
 * is retried with a back-off while attempts are left; any other failure fails the job at once. A job is
 * acknowledged only after its terminal event was confirmed; when that event cannot be recorded the
 * message goes back to the queue.
 */
@Component
class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final List<MediaGenerator> generators;
    private final StatusEvents statusEvents;
    private final CancellationTokens cancellations;
    private final ResultStore results;
    private final JobDeadlines deadlines;
    private final NextAttempts nextAttempts;
    private final EndedJobs ended;
    private final WorkerProperties worker;
    private final Clock clock;
    private final JobMetrics metrics;
    private final JobInputCheck inputCheck;

    JobRunner(List<MediaGenerator> generators, StatusEvents statusEvents, CancellationTokens cancellations,
              ResultStore results, JobDeadlines deadlines, NextAttempts nextAttempts, EndedJobs ended,
              WorkerProperties worker, Clock clock, JobMetrics metrics, JobInputCheck inputCheck) {
        this.generators = List.copyOf(generators);
        this.statusEvents = statusEvents;
        this.cancellations = cancellations;
        this.results = results;
        this.deadlines = deadlines;
        this.nextAttempts = nextAttempts;
        this.ended = ended;
        this.worker = worker;
        this.clock = clock;
        this.metrics = metrics;
        this.inputCheck = inputCheck;
    }

    void run(JobDelivery delivery) {
        Instant received = clock.instant();
        Optional<JobMessage> parsed = read(delivery);
        if (parsed.isEmpty()) {
            return;
        }
        JobMessage job = parsed.get();
        int attempt = delivery.isRedelivered() ? delivery.attemptHeader() + 1 : delivery.attemptHeader();
        try (JobLogContext ignored = JobLogContext.open(job, attempt, worker.id())) {
            AttemptEvents events = statusEvents.forAttempt(job, attempt);
            Outcome outcome = handle(job, attempt, events, delivery);
            if (hasEnded(outcome)) {
                ended.remember(job.jobId());
            }
            Duration took = Duration.between(received, clock.instant());
            metrics.ended(outcome, events.last());
            log.info("Job attempt ended: {} after {} ms", outcome.tag(), took.toMillis());
        }
    }

    private Optional<JobMessage> read(JobDelivery delivery) {
        if (!inputCheck.fits(delivery.body())) {
            metrics.malformed(delivery.queueMediaType());
            log.warn("Dead-lettering a job message of {} bytes without reading it: larger than any job", delivery.body().length);
            delivery.deadLetter();
            return Optional.empty();
        }
        try {
            return Optional.of(WireFormat.read(delivery.body(), JobMessage.class));
        } catch (WireFormat.MalformedMessageException e) {
            metrics.malformed(delivery.queueMediaType());
            log.warn("Dead-lettering a job message that cannot be read: {}", e.getMessage());
            delivery.deadLetter();
            return Optional.empty();
        }
    }

    private Outcome handle(JobMessage job, int attempt, AttemptEvents events, JobDelivery delivery) {
        if (ended.contains(job.jobId())) {
            log.info("Acknowledging a duplicate message of a job that already ended");
            delivery.ack();
            return Outcome.DUPLICATE;
        }
        if (delivery.isRedelivered()) {
            return nextAttempts.afterLoss(job, attempt, events, delivery);
        }
        Optional<String> refusal = inputCheck.refusal(job);
        if (refusal.isPresent()) {
            log.warn("{}", refusal.get());
            return ackIfRecorded(delivery, events.failed(ErrorType.PERMANENT, refusal.get()), Outcome.FAILED);
        }
        Optional<String> expiry = deadlines.expiry(job);
        if (expiry.isPresent()) {
            return ackIfRecorded(delivery, events.failed(ErrorType.EXPIRED, expiry.get()), Outcome.EXPIRED);
        }
        CancellationSignal signal = cancellations.register(job.jobId());
        try (Watch lost = delivery.whenLost(() -> cancellations.stop(job.jobId(), Reason.LOST))) {
            if (signal.isCancelled()) {
                return stoppedBeforeStart(job, attempt, events, signal, delivery);
            }
            Optional<MediaGenerator> generator = generatorFor(job);
            if (generator.isEmpty()) {
                String text = "this worker has no generator for " + job.mediaType().wireName() + " jobs"
                        + (job.configId() == null ? "" : " with config " + job.configId());
                return ackIfRecorded(delivery, events.failed(ErrorType.PERMANENT, text), Outcome.FAILED);
            }
            return generate(job, attempt, generator.get(), events, signal, delivery);
        } finally {
            cancellations.release(job.jobId());
        }
    }

    private Outcome stoppedBeforeStart(JobMessage job, int attempt, AttemptEvents events, CancellationSignal signal,
                                       JobDelivery delivery) {
        Reason reason = signal.reason().orElse(Reason.CANCELLED);
        if (reason == Reason.CANCELLED) {
            // the gateway counted this job when it cancelled it in the queue
            return ackIfRecorded(delivery, events.cancelled("Cancelled before it started"), Outcome.WITHDRAWN);
        }
        return stopped(job, attempt, reason, events, delivery);
    }

    private Outcome generate(JobMessage job, int attempt, MediaGenerator generator, AttemptEvents events,
                             CancellationSignal signal, JobDelivery delivery) {
        OutputFiles out = results.open(job.jobId());
        try (JobMetrics.Active ignored = metrics.active(job.mediaType(), () -> events.last().progress())) {
            log.info("Running the job with {}", generator.name());
            events.running("Running on " + worker.id());
            metrics.started(events.last());
            GeneratedMedia media;
            try (Watch runTime = deadlines.watchRunTime(job)) {
                media = generator.generate(job, events, signal, out);
            }
            return ackIfRecorded(delivery, events.completed(results.resultOf(media, out)), Outcome.COMPLETED);
        } catch (Exception e) {
            results.discard(out);
            return afterFailure(job, attempt, e, events, signal, delivery);
        }
    }

    /** A job that did not complete: the signal's reason decides first, then the kind of failure. */
    private Outcome afterFailure(JobMessage job, int attempt, Exception failure, AttemptEvents events,
                                 CancellationSignal signal, JobDelivery delivery) {
        Optional<Reason> reason = signal.reason();
        if (reason.isPresent()) {
            return stopped(job, attempt, reason.get(), events, delivery);
        }
        if (isWorkerStopping()) {
            // the worker is being shut down hard: let another worker run the job instead of failing it
            log.warn("Interrupted while running the job; giving it back to the queue");
            delivery.requeue();
            return Outcome.UNRECORDED;
        }
        JobFailure sorted = JobFailure.of(failure);
        if (sorted.type() == ErrorType.TRANSIENT) {
            log.warn("The generator failed transiently: {}", sorted.text());
            return nextAttempts.retry(job, attempt, sorted, events, signal, delivery);
        }
        if (failure instanceof CancellationException) {
            log.warn("The generator stopped with a cancellation nobody asked for", failure);
        } else if (!(failure instanceof GenerationException)) {
            log.warn("The generator failed", failure);
        } else {
            log.info("The generator refused the job: {}", sorted.text());
        }
        metrics.generatorFailed(job.mediaType(), sorted.type());
        return ackIfRecorded(delivery, events.failed(sorted.type(), sorted.text()), Outcome.FAILED);
    }

    private Outcome stopped(JobMessage job, int attempt, Reason reason, AttemptEvents events, JobDelivery delivery) {
        log.info("The job stopped: {}", reason.text());
        return switch (reason) {
            case CANCELLED -> ackIfRecorded(delivery, events.cancelled("Cancelled"), Outcome.CANCELLED);
            case TIMED_OUT ->
                    ackIfRecorded(delivery, events.failed(ErrorType.TIMED_OUT, deadlines.timedOut(job)), Outcome.TIMED_OUT);
            case SHUTDOWN -> nextAttempts.handBack(job, attempt, events, delivery);
            // the broker already gave the message to another consumer, which records what happens next
            case LOST -> Outcome.LOST;
        };
    }

    /** Removes a delivery whose end was recorded; gives one whose end was not back to the queue. */
    static Outcome ackIfRecorded(JobDelivery delivery, boolean recorded, Outcome outcome) {
        if (!recorded) {
            delivery.requeue();
            return Outcome.UNRECORDED;
        }
        delivery.ack();
        return outcome;
    }

    /** Whether the job reached a terminal state that was recorded. */
    private static boolean hasEnded(Outcome outcome) {
        return switch (outcome) {
            case COMPLETED, FAILED, CANCELLED, EXPIRED, GAVE_UP, TIMED_OUT, WITHDRAWN -> true;
            case REQUEUED, UNRECORDED, RETRIED, HANDED_BACK, LOST, DUPLICATE -> false;
        };
    }

    private Optional<MediaGenerator> generatorFor(JobMessage job) {
        return generators.stream().filter(g -> g.supports(job)).findFirst();
    }

    private static boolean isWorkerStopping() {
        return Thread.currentThread().isInterrupted();
    }
}
