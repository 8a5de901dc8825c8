package dev.mediaqueue.worker.job;

import dev.mediaqueue.model.ErrorType;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.WireFormat;
import dev.mediaqueue.worker.cancel.CancellationTokens;
import dev.mediaqueue.worker.generator.CancellationSignal;
import dev.mediaqueue.worker.generator.GeneratedMedia;
import dev.mediaqueue.worker.generator.MediaGenerator;
import dev.mediaqueue.worker.generator.OutputFiles;
import dev.mediaqueue.worker.generator.ResultStore;
import dev.mediaqueue.worker.job.JobMetrics.Outcome;
import dev.mediaqueue.worker.progress.AttemptEvents;
import dev.mediaqueue.worker.progress.StatusEvents;
import dev.mediaqueue.worker.system.PublishFailedException;
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
 * <p>Rules: a message that cannot be read is dead-lettered. A redelivered message means the worker
 * that held it was lost: the job is published again as the next attempt, or fails with
 * {@code max_attempts} when there were too many. A job whose {@code start_by} passed fails as expired.
 * A job is acknowledged only after its terminal event was confirmed; when that event cannot be
 * recorded the message goes back to the queue.
 */
@Component
class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final List<MediaGenerator> generators;
    private final StatusEvents statusEvents;
    private final CancellationTokens cancellations;
    private final ResultStore results;
    private final WorkerProperties worker;
    private final Clock clock;
    private final JobMetrics metrics;

    JobRunner(List<MediaGenerator> generators, StatusEvents statusEvents, CancellationTokens cancellations,
              ResultStore results, WorkerProperties worker, Clock clock, JobMetrics metrics) {
        this.generators = List.copyOf(generators);
        this.statusEvents = statusEvents;
        this.cancellations = cancellations;
        this.results = results;
        this.worker = worker;
        this.clock = clock;
        this.metrics = metrics;
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
            Outcome outcome = delivery.isRedelivered()
                    ? countLostAttempt(job, attempt, events, delivery)
                    : runAttempt(job, events, delivery);
            Duration took = Duration.between(received, clock.instant());
            metrics.ended(outcome, events.last());
            log.info("Job attempt ended: {} after {} ms", outcome.tag(), took.toMillis());
        }
    }

    private Optional<JobMessage> read(JobDelivery delivery) {
        try {
            return Optional.of(WireFormat.read(delivery.body(), JobMessage.class));
        } catch (WireFormat.MalformedMessageException e) {
            metrics.malformed(delivery.queueMediaType());
            log.warn("Dead-lettering a job message that cannot be read: {}", e.getMessage());
            delivery.deadLetter();
            return Optional.empty();
        }
    }

    /** The worker that held this job before was lost (or gave it back): try again or give up. */
    private Outcome countLostAttempt(JobMessage job, int attempt, AttemptEvents events, JobDelivery delivery) {
        if (attempt > worker.maxAttempts()) {
            String text = "gave up after " + worker.maxAttempts() + " attempts: the worker running it was lost each time";
            if (!events.failed(ErrorType.MAX_ATTEMPTS, text)) {
                delivery.requeue();
                return Outcome.UNRECORDED;
            }
            delivery.deadLetter();
            return Outcome.GAVE_UP;
        }
        try {
            delivery.republish(job.mediaType(), attempt);
        } catch (PublishFailedException e) {
            log.warn("Cannot requeue the job as attempt {}: {}", attempt, e.getMessage());
            delivery.requeue();
            return Outcome.UNRECORDED;
        }
        // the republished message runs whether or not this event arrives, so the original goes either way
        events.requeued("Requeued after a worker was lost");
        delivery.ack();
        return Outcome.REQUEUED;
    }

    private Outcome runAttempt(JobMessage job, AttemptEvents events, JobDelivery delivery) {
        if (isExpired(job)) {
            String text = "expired: not started before " + job.startBy();
            return ackIfRecorded(delivery, events.failed(ErrorType.EXPIRED, text), Outcome.EXPIRED);
        }
        CancellationSignal cancel = cancellations.register(job.jobId());
        try {
            if (cancel.isCancelled()) {
                return ackIfRecorded(delivery, events.cancelled("Cancelled before it started"), Outcome.CANCELLED);
            }
            Optional<MediaGenerator> generator = generatorFor(job);
            if (generator.isEmpty()) {
                String text = "this worker has no generator for " + job.mediaType().wireName() + " jobs"
                        + (job.configId() == null ? "" : " with config " + job.configId());
                return ackIfRecorded(delivery, events.failed(ErrorType.PERMANENT, text), Outcome.FAILED);
            }
            return generate(job, generator.get(), events, cancel, delivery);
        } finally {
            cancellations.release(job.jobId());
        }
    }

    private Outcome generate(JobMessage job, MediaGenerator generator, AttemptEvents events,
                             CancellationSignal cancel, JobDelivery delivery) {
        OutputFiles out = results.open(job.jobId());
        try (JobMetrics.Active ignored = metrics.active(job.mediaType(), () -> events.last().progress())) {
            log.info("Running the job with {}", generator.name());
            events.running("Running on " + worker.id());
            metrics.started(events.last());
            GeneratedMedia media = generator.generate(job, events, cancel, out);
            return ackIfRecorded(delivery, events.completed(results.resultOf(media, out)), Outcome.COMPLETED);
        } catch (CancellationException e) {
            results.discard(out);
            if (cancel.isCancelled()) {
                return ackIfRecorded(delivery, events.cancelled("Cancelled"), Outcome.CANCELLED);
            }
            return fail(JobFailure.of(e), events, delivery);
        } catch (Exception e) {
            results.discard(out);
            if (isWorkerStopping()) {
                // the worker is being shut down hard: let another worker run the job instead of failing it
                log.warn("Interrupted while running the job; giving it back to the queue");
                delivery.requeue();
                return Outcome.UNRECORDED;
            }
            log.warn("The generator failed", e);
            return fail(JobFailure.of(e), events, delivery);
        }
    }

    private Outcome fail(JobFailure failure, AttemptEvents events, JobDelivery delivery) {
        metrics.generatorFailed(events.last().mediaType(), failure.type());
        return ackIfRecorded(delivery, events.failed(failure.type(), failure.text()), Outcome.FAILED);
    }

    /** Removes a delivery whose end was recorded; gives one whose end was not back to the queue. */
    private static Outcome ackIfRecorded(JobDelivery delivery, boolean recorded, Outcome outcome) {
        if (!recorded) {
            delivery.requeue();
            return Outcome.UNRECORDED;
        }
        delivery.ack();
        return outcome;
    }

    private boolean isExpired(JobMessage job) {
        return job.startBy() != null && clock.instant().isAfter(job.startBy());
    }

    private Optional<MediaGenerator> generatorFor(JobMessage job) {
        return generators.stream().filter(g -> g.supports(job)).findFirst();
    }

    private static boolean isWorkerStopping() {
        return Thread.currentThread().isInterrupted();
    }
}
