package dev.mediaqueue.gateway.health;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How often the gateway looks at the job queues.
 *
 * @param queuePollInterval pause between two looks at every job queue's depth and consumers (a passive
 *                          declare each) and at the oldest queued job of each type
 */
@ConfigurationProperties("mediaqueue.gateway")
record QueuePollProperties(@DefaultValue("5s") Duration queuePollInterval) {

    QueuePollProperties {
        if (queuePollInterval.isNegative() || queuePollInterval.isZero()) {
            throw new IllegalArgumentException("mediaqueue.gateway.queue-poll-interval must be positive");
        }
    }
}
