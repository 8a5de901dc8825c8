package dev.mediaqueue.gateway.delivery;

import dev.mediaqueue.gateway.position.QueueEstimates;
import dev.mediaqueue.gateway.position.QueueEstimates.Estimate;
import dev.mediaqueue.gateway.results.ResultUrls;
import dev.mediaqueue.gateway.status.PollAdvice;
import dev.mediaqueue.model.JobStatusView;
import dev.mediaqueue.model.StatusEvent;
import org.springframework.stereotype.Component;

/** The status a client sees: the job's newest event with its queue position, ETA, poll advice and signed URLs. */
@Component
public class StatusViews {

    private final QueueEstimates estimates;
    private final PollAdvice pollAdvice;
    private final ResultUrls urls;

    StatusViews(QueueEstimates estimates, PollAdvice pollAdvice, ResultUrls urls) {
        this.estimates = estimates;
        this.pollAdvice = pollAdvice;
        this.urls = urls;
    }

    public TaggedStatus of(StatusEvent event) {
        Estimate estimate = estimates.estimate(event);
        JobStatusView view = JobStatusView.of(event, estimate.queuePosition(), estimate.etaSeconds(),
                pollAdvice.pollAfterMs(event.state(), estimate.queuePosition()));
        return TaggedStatus.of(event, urls.sign(view));
    }
}
