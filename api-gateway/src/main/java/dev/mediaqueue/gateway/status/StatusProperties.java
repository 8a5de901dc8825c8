package dev.mediaqueue.gateway.status;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the gateway follows the status stream and advises its pollers.
 *
 * @param pollAfterQueued      advised poll interval for a queued job that is next in line
 * @param pollAfterPerJobAhead added to the queued interval for every job ahead in the queue
 * @param pollAfterQueuedMax   the longest advised poll interval for a queued job
 * @param pollAfterRunning     advised poll interval for a running job
 * @param prefetch             stream messages in flight to the status listener (streams require one)
 * @param markerRetryInterval  pause between attempts to publish the replay marker while the broker is unreachable
 * @param replayRetryAfter     {@code Retry-After} of a 503 for a job not found while the replay is still running
 */
@ConfigurationProperties("mediaqueue.status")
record StatusProperties(
        @DefaultValue("2s") Duration pollAfterQueued,
        @DefaultValue("250ms") Duration pollAfterPerJobAhead,
        @DefaultValue("10s") Duration pollAfterQueuedMax,
        @DefaultValue("1s") Duration pollAfterRunning,
        @DefaultValue("1000") int prefetch,
        @DefaultValue("3s") Duration markerRetryInterval,
        @DefaultValue("1s") Duration replayRetryAfter) {
}
