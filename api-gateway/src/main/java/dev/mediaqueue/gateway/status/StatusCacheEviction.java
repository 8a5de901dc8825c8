package dev.mediaqueue.gateway.status;

import dev.mediaqueue.gateway.system.TopologyProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;

/**
 * Keeps the cache as long as the stream: finished jobs are forgotten after the status retention, and
 * with them what the cache's listeners hold for them (indexes, result files).
 */
@Component
class StatusCacheEviction {

    private static final Logger log = LoggerFactory.getLogger(StatusCacheEviction.class);

    private final StatusCache cache;
    private final Duration retention;
    private final Clock clock;

    StatusCacheEviction(StatusCache cache, TopologyProperties topology, Clock clock) {
        this.cache = cache;
        this.retention = topology.statusRetention();
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${mediaqueue.retention.sweep-interval:1m}",
            initialDelayString = "${mediaqueue.retention.sweep-interval:1m}")
    void evictExpired() {
        int evicted = cache.evictFinishedBefore(clock.instant().minus(retention));
        if (evicted > 0) {
            log.debug("Evicted {} finished jobs older than {}", evicted, retention);
        }
    }
}
