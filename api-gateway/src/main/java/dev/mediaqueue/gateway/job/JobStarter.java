package dev.mediaqueue.gateway.job;

import dev.mediaqueue.gateway.limits.LimitExceededException;
import dev.mediaqueue.gateway.limits.StartAdmission;
import dev.mediaqueue.gateway.security.Caller;
import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.gateway.system.BrokerRefusedException;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.StatusEvent;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Starts validated jobs: publishes each (confirmed) and records its {@code queued} status at once, so the
 * first poll after the 202 finds it.
 */
@Component
class JobStarter {

    /** What a start with an {@code Idempotency-Key} did. */
    sealed interface KeyedStart {
    }

    /** A new job. */
    record Started(UUID jobId) implements KeyedStart {
    }

    /** The key and request were seen before: the earlier job, with its status now. */
    record Repeated(StatusEvent status) implements KeyedStart {
    }

    // one lock per slice of the keys: two equal requests at once must not both find the key unused
    private static final int KEY_LOCK_STRIPES = 64;

    private final JobPublisher publisher;
    private final JobCanceller canceller;
    private final StatusCache cache;
    private final IdempotencyIndex idempotency;
    private final Clock clock;
    private final StartAdmission admission;
    private final ReentrantLock[] keyLocks = new ReentrantLock[KEY_LOCK_STRIPES];

    JobStarter(JobPublisher publisher, JobCanceller canceller, StatusCache cache, IdempotencyIndex idempotency,
               Clock clock, StartAdmission admission) {
        this.publisher = publisher;
        this.canceller = canceller;
        this.cache = cache;
        this.idempotency = idempotency;
        this.clock = clock;
        this.admission = admission;
        for (int i = 0; i < keyLocks.length; i++) {
            keyLocks[i] = new ReentrantLock();
        }
    }

    /**
     * @throws LimitExceededException  when the caller is over its start budget or queued-job cap
     * @throws BrokerRefusedException when the broker did not take the job; nothing was started
     */
    UUID start(JobSpec spec, Caller caller) {
        admission.admit(caller, 1);
        return publish(spec, caller, null, null, null).jobId();
    }

    /**
     * Starts a job unless the caller used the key before: then the earlier job is the answer if the
     * request is the same, and a conflict if it is not.
     *
     * @throws IdempotencyConflictException when the key started a job with another request
     * @throws LimitExceededException        when a new job would be over the caller's limits
     * @throws BrokerRefusedException       when the broker did not take the job; nothing was started
     */
    KeyedStart start(JobSpec spec, Caller caller, IdempotencyKey key) {
        String requestHash = RequestHash.of(spec);
        ReentrantLock lock = keyLocks[Math.floorMod(Objects.hash(caller.tenant(), key), keyLocks.length)];
        lock.lock();
        try {
            Optional<IdempotencyIndex.Entry> earlier = idempotency.find(caller.tenant(), key);
            Optional<StatusEvent> earlierStatus = earlier.flatMap(entry -> cache.get(entry.jobId()));
            if (earlierStatus.isPresent()) {
                if (!earlier.get().requestHash().equals(requestHash)) {
                    throw new IdempotencyConflictException(key, earlier.get().jobId());
                }
                return new Repeated(earlierStatus.get());
            }
            admission.admit(caller, 1);
            return new Started(publish(spec, caller, null, key.value(), requestHash).jobId());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts every job of a batch in order. If the broker refuses one, the jobs already started are
     * cancelled again, so a batch is started whole or not at all.
     *
     * @throws LimitExceededException  when the batch is over the caller's start budget or queued-job cap
     * @throws BrokerRefusedException when the broker did not take a job
     */
    List<UUID> startBatch(List<JobSpec> specs, Caller caller, UUID batchId) {
        admission.admit(caller, specs.size());
        List<StatusEvent> started = new ArrayList<>();
        try {
            for (JobSpec spec : specs) {
                started.add(publish(spec, caller, batchId, null, null));
            }
        } catch (BrokerRefusedException e) {
            started.forEach(canceller::withdraw);
            throw e;
        }
        return started.stream().map(StatusEvent::jobId).toList();
    }

    private StatusEvent publish(JobSpec spec, Caller caller, UUID batchId, String idempotencyKey, String requestHash) {
        // a tier above the caller's allowance is lowered, not refused (decision 0008)
        JobMessage job = spec.cappedAt(caller.maxPriority()).toMessage(JobIds.next(), caller.tenant(), clock.instant(), batchId);
        StatusEvent queued = StatusEvent.queued(job, idempotencyKey, requestHash);
        publisher.publish(job, queued);
        // the stream brings the same event back; applying it now makes the first poll answer at once
        cache.apply(queued);
        return queued;
    }
}
