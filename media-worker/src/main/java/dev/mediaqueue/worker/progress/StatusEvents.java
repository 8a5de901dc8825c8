package dev.mediaqueue.worker.progress;

import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.worker.system.WorkerProperties;
import org.springframework.stereotype.Component;

import java.time.Clock;

/** Opens the event sequence of each delivery attempt, stamped with this worker's id. */
@Component
public class StatusEvents {

    private final StatusPublisher publisher;
    private final Clock clock;
    private final WorkerProperties worker;

    public StatusEvents(StatusPublisher publisher, Clock clock, WorkerProperties worker) {
        this.publisher = publisher;
        this.clock = clock;
        this.worker = worker;
    }

    /** The events of {@code attempt} of {@code job}, starting before its first event. */
    public AttemptEvents forAttempt(JobMessage job, int attempt) {
        return new AttemptEvents(job, attempt, worker.id(), publisher, clock, worker.progressInterval(),
                worker.confirmTimeout());
    }
}
