package dev.mediaqueue.gateway.results;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How finished jobs are cleaned up once the retention ({@code mediaqueue.topology.status-retention})
 * has passed.
 *
 * @param sweepInterval       how often finished jobs past the retention leave the cache and their files are deleted
 * @param orphanSweepInterval how often the result directory is searched for files of jobs no gateway knows
 *                            (jobs evicted while this gateway was down), deleted once older than the retention + 1 h
 */
@ConfigurationProperties("mediaqueue.retention")
record RetentionProperties(
        @DefaultValue("1m") Duration sweepInterval,
        @DefaultValue("1h") Duration orphanSweepInterval) {
}
