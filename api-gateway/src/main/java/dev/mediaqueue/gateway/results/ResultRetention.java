package dev.mediaqueue.gateway.results;

import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.gateway.system.TopologyProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Deletes result files after the retention: those of jobs that left the status cache, and now and then
 * the files of jobs no gateway knows any more (evicted while this gateway was down), once they are
 * older than the retention plus {@link #ORPHAN_GRACE}. The grace keeps the files of jobs whose status
 * this gateway has not read yet (during the start-up replay) safe: a file that old belongs to a job
 * whose status has left the stream too.
 */
@EnableConfigurationProperties(RetentionProperties.class)
@Component
class ResultRetention {

    static final Duration ORPHAN_GRACE = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(ResultRetention.class);

    private final EvictedJobs evicted;
    private final StatusCache cache;
    private final ResultFiles files;
    private final Duration retention;
    private final Duration orphanSweepInterval;
    private final Clock clock;
    private Instant nextOrphanSweep;

    ResultRetention(EvictedJobs evicted, StatusCache cache, ResultsProperties results, TopologyProperties topology,
                    RetentionProperties properties, Clock clock) {
        this.evicted = evicted;
        this.cache = cache;
        this.files = new ResultFiles(results.dir());
        this.retention = topology.statusRetention();
        this.orphanSweepInterval = properties.orphanSweepInterval();
        this.clock = clock;
        this.nextOrphanSweep = clock.instant();
    }

    @Scheduled(fixedDelayString = "${mediaqueue.retention.sweep-interval:1m}",
            initialDelayString = "${mediaqueue.retention.sweep-interval:1m}")
    synchronized void sweep() {
        Set<UUID> due = evicted.drain();
        Instant now = clock.instant();
        boolean orphansDue = !now.isBefore(nextOrphanSweep);
        if (due.isEmpty() && !orphansDue) {
            return;
        }
        Instant orphanCutoff = now.minus(retention).minus(ORPHAN_GRACE);
        int deleted = files.deleteIf(file -> due.contains(file.jobId())
                || orphansDue && file.modified().isBefore(orphanCutoff) && cache.get(file.jobId()).isEmpty());
        if (orphansDue) {
            nextOrphanSweep = now.plus(orphanSweepInterval);
        }
        if (deleted > 0) {
            log.info("Deleted {} result files of jobs past the retention of {}", deleted, retention);
        }
    }
}
