package dev.mediaqueue.worker.system;

import dev.mediaqueue.model.MediaType;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * How this worker takes and runs jobs ({@code mediaqueue.worker.*}).
 *
 * @param mediaTypes       the job queues to consume, one job at a time each
 * @param id               this worker's id in status events and logs; default host name and process id
 * @param maxAttempts      deliveries of one job before it fails with {@code max_attempts}
 * @param progressInterval the shortest time between two progress events of a job
 * @param confirmTimeout   how long to wait for the broker to confirm a publish
 * @param shutdownGrace    how long a stopping worker lets its running jobs finish
 */
@ConfigurationProperties("mediaqueue.worker")
public record WorkerProperties(
        @DefaultValue({"image", "video", "audio"}) List<MediaType> mediaTypes,
        String id,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("250ms") Duration progressInterval,
        @DefaultValue("10s") Duration confirmTimeout,
        @DefaultValue("30s") Duration shutdownGrace) {

    public WorkerProperties {
        mediaTypes = List.copyOf(mediaTypes);
        // absent from the configuration: the binder passes null
        id = id == null || id.isBlank() ? defaultId() : id;
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("mediaqueue.worker.max-attempts must be at least 1");
        }
        if (confirmTimeout.isNegative() || confirmTimeout.isZero()) {
            throw new IllegalArgumentException("mediaqueue.worker.confirm-timeout must be positive");
        }
    }

    private static String defaultId() {
        return hostName() + "-" + ProcessHandle.current().pid();
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "worker";
        }
    }
}
