package dev.mediaqueue.worker.job;

import dev.mediaqueue.model.ErrorType;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.worker.generator.CancellationSignal;
import dev.mediaqueue.worker.generator.CancellationSignal.Reason;
import dev.mediaqueue.worker.job.JobMetrics.Outcome;
import dev.mediaqueue.worker.progress.AttemptEvents;
import dev.mediaqueue.worker.progress.StatusEvents;
import dev.mediaqueue.worker.system.PublishFailedException;
import dev.mediaqueue.worker.system.WorkerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import java.time.Duration;
import java.util.Optional;

/**
 * Gives a job another attempt by publishing its message again with the attempt header increased
 * (confirmed) and acknowledging the delivery at hand only then (decision 0002): after its worker was
 * lost, after a transient generator failure (with a back-off), and when a stopping worker hands it back.
 *
 * <p>Every one of these counts against {@code mediaqueue.worker.max-attempts}; a job out of attempts
 * fails instead of looping.
 */
@Component
class NextAttempts {

    private static final Logger log = LoggerFactory.getLogger(NextAttempts.class);

    private final StatusEvents statusEvents;
    private final int maxAttempts;
    private final ExponentialBackOff backOff;

    NextAttempts(StatusEvents statusEvents, WorkerProperties worker, JobLifecycleProperties lifecycle) {
        this.statusEvents = statusEvents;
        this.maxAttempts = worker.maxAttempts();
        this.backOff = backOff(lifecycle.retryBackoff());
    }

    private static ExponentialBackOff backOff(JobLifecycleProperties.RetryBackoff settings) {
        ExponentialBackOff backOff = new ExponentialBackOff(settings.initial().toMillis(), settings.multiplier());
        backOff.setMaxInterval(settings.max().toMillis());
        // Spring scales the jitter with the interval: each pause varies by up to half of itself
        backOff.setJitter(settings.initial().toMillis() / 2);
        return backOff;
    }

    /** The worker that held this delivery before was lost (or gave it back): try again or give up. */
    Outcome afterLoss(JobMessage job, int attempt, AttemptEvents events, JobDelivery delivery) {
        if (attempt > maxAttempts) {
            String text = "gave up after " + maxAttempts + " attempts: the worker running it was lost each time";
            return giveUp(events, text, delivery);
        }
        return publishAgain(job, attempt, delivery, events, "Requeued after a worker was lost", Outcome.REQUEUED);
    }

    /**
     * The generator failed transiently in {@code attempt}: with attempts left, records the job as queued
     * for the next attempt, waits the back-off (ended early by a shutdown, or by a cancel, which cancels
     * the job) and publishes it again; without, the job fails with the generator's error.
     */
    Outcome retry(JobMessage job, int attempt, JobFailure failure, AttemptEvents events,
                  CancellationSignal signal, JobDelivery delivery) {
        if (attempt >= maxAttempts) {
            String text = failure.text() + " (gave up after " + maxAttempts + " attempts)";
            return JobRunner.ackIfRecorded(delivery, events.failed(ErrorType.TRANSIENT, text), Outcome.FAILED);
        }
        AttemptEvents next = statusEvents.forAttempt(job, attempt + 1);
        next.requeued("Retrying after: " + failure.text());
        Duration pause = backOff(attempt);
        log.info("Retrying as attempt {} in {} ms after a transient failure: {}", attempt + 1, pause.toMillis(),
                failure.text());
        try {
            signal.awaitCancellation(pause);
        } catch (InterruptedException e) {
            // stopped hard: the broker redelivers the message, and the next worker counts the attempt
            Thread.currentThread().interrupt();
            delivery.requeue();
            return Outcome.UNRECORDED;
        }
        Optional<Reason> reason = signal.reason();
        if (reason.isPresent() && reason.get() == Reason.CANCELLED) {
            return JobRunner.ackIfRecorded(delivery, next.cancelled("Cancelled"), Outcome.CANCELLED);
        }
        if (reason.isPresent() && reason.get() == Reason.LOST) {
            return Outcome.LOST;
        }
        return republish(job, attempt + 1, delivery) ? acked(delivery, Outcome.RETRIED) : Outcome.UNRECORDED;
    }

    /** The worker is stopping and the job did not finish in the grace period: hand it to another worker. */
    Outcome handBack(JobMessage job, int attempt, AttemptEvents events, JobDelivery delivery) {
        if (attempt >= maxAttempts) {
            String text = "gave up after " + maxAttempts + " attempts: the last one was stopped by a worker shutting down";
            return giveUp(events, text, delivery);
        }
        return publishAgain(job, attempt + 1, delivery, statusEvents.forAttempt(job, attempt + 1),
                "Handed back: worker shutting down", Outcome.HANDED_BACK);
    }

    /** The pause after a transient failure of {@code attempt} (1-based), the same on every worker. */
    Duration backOff(int attempt) {
        BackOffExecution execution = backOff.start();
        long millis = 0;
        for (int i = 0; i < attempt; i++) {
            millis = execution.nextBackOff();
        }
        return Duration.ofMillis(Math.max(0, millis));
    }

    private Outcome publishAgain(JobMessage job, int nextAttempt, JobDelivery delivery, AttemptEvents nextEvents,
                                 String message, Outcome outcome) {
        if (!republish(job, nextAttempt, delivery)) {
            return Outcome.UNRECORDED;
        }
        // the republished message runs whether or not this event arrives, so the original goes either way
        nextEvents.requeued(message);
        return acked(delivery, outcome);
    }

    private static boolean republish(JobMessage job, int nextAttempt, JobDelivery delivery) {
        try {
            delivery.republish(job.mediaType(), nextAttempt);
            return true;
        } catch (PublishFailedException e) {
            log.warn("Cannot requeue the job as attempt {}: {}", nextAttempt, e.getMessage());
            delivery.requeue();
            return false;
        }
    }

    private static Outcome giveUp(AttemptEvents events, String text, JobDelivery delivery) {
        if (!events.failed(ErrorType.MAX_ATTEMPTS, text)) {
            delivery.requeue();
            return Outcome.UNRECORDED;
        }
        delivery.deadLetter();
        return Outcome.GAVE_UP;
    }

    private static Outcome acked(JobDelivery delivery, Outcome outcome) {
        delivery.ack();
        return outcome;
    }
}
