package dev.mediaqueue.gateway.system;

import dev.mediaqueue.model.Topology;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * The tunable parts of the RabbitMQ topology; the worker binds the same names, and both must agree
 * because the broker refuses a re-declaration with other arguments.
 *
 * @param jobQueueMaxLength most jobs waiting in one job queue; further jobs are refused (503)
 * @param statusRetention   how long the status stream keeps events, and the cache keeps finished jobs
 * @param streamSegmentSize the status stream's segment size; retention drops whole segments
 */
@ConfigurationProperties("mediaqueue.topology")
public record TopologyProperties(
        @DefaultValue("100000") long jobQueueMaxLength,
        @DefaultValue("24h") Duration statusRetention,
        @DefaultValue("1MB") DataSize streamSegmentSize) {

    public Topology.Settings settings() {
        return new Topology.Settings(jobQueueMaxLength, statusRetention, streamSegmentSize.toBytes());
    }
}
