package dev.mediaqueue.gateway.delivery;

import dev.mediaqueue.gateway.position.QueueEstimates;
import dev.mediaqueue.gateway.position.QueueEstimates.Estimate;
import dev.mediaqueue.gateway.status.PollAdvice;
import dev.mediaqueue.model.JobStatusView;
import dev.mediaqueue.model.StatusEvent;
import org.springframework.stereotype.Component;

/** The status a client sees: the job's newest event with its queue position, ETA and poll advice. */
@Component
public class StatusViews {

    private final QueueEstimates estimates;
    private final PollAdvice pollAdvice;

    StatusViews(QueueEstimates estimates, PollAdvice pollAdvice) {
        this.estimates = estimates;
        this.pollAdvice = pollAdvice;
    }

    public TaggedStatus of(StatusEvent event) {
        Estimate estimate = estimates.estimate(event);
        JobStatusView view = JobStatusView.of(event, estimate.queuePosition(), estimate.etaSeconds(),
                pollAdvice.pollAfterMs(event.state(), estimate.queuePosition()));
        return TaggedStatus.of(event, view);
    }
}
