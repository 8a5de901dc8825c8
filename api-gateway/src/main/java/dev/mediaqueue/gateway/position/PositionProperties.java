package dev.mediaqueue.gateway.position;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How queue positions and ETAs are kept.
 *
 * @param refreshInterval how often changed queues get new positions; a poll only looks them up
 * @param runTimeSamples  completed jobs per media type whose run times make the mean an ETA is built on
 */
@ConfigurationProperties("mediaqueue.position")
record PositionProperties(
        @DefaultValue("250ms") Duration refreshInterval,
        @DefaultValue("20") int runTimeSamples) {
}
