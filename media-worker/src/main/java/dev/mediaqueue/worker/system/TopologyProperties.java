package dev.mediaqueue.worker.system;

import dev.mediaqueue.model.Topology;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * The tunable parts of the broker topology ({@code mediaqueue.topology.*}); gateway and workers must
 * agree on them, or the second to declare is refused by the broker.
 *
 * @param jobQueueMaxLength most jobs waiting in one job queue
 * @param statusRetention   how long the status stream keeps events
 * @param streamSegmentSize the status stream's segment size; retention drops whole segments
 */
@ConfigurationProperties("mediaqueue.topology")
record TopologyProperties(
        @DefaultValue("100000") long jobQueueMaxLength,
        @DefaultValue("24h") Duration statusRetention,
        @DefaultValue("1MB") DataSize streamSegmentSize) {

    Topology.Settings toSettings() {
        return new Topology.Settings(jobQueueMaxLength, statusRetention, streamSegmentSize.toBytes());
    }
}
