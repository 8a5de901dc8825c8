package dev.mediaqueue.gateway.position;

import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Queue positions and ETAs as a poll reads them: a lookup in a snapshot per media type, never a walk
 * through the queue, however many jobs wait.
 *
 * <p>{@link #refresh()} (every {@code mediaqueue.position.refresh-interval}) rebuilds the snapshot of
 * each media type whose queue, run times or consumer count changed, and then publishes an
 * {@link EstimatesChanged} event so waiting pollers and streams can send the new numbers.
 */
@EnableConfigurationProperties(PositionProperties.class)
@Component
public class QueueEstimates {

    /**
     * What a status view says about the wait.
     *
     * @param queuePosition jobs ahead in the queue, or null when not queued or not known yet
     * @param etaSeconds    estimated seconds until the job completes, or null when unknowable
     */
    public record Estimate(Integer queuePosition, Integer etaSeconds) {
        public static final Estimate NONE = new Estimate(null, null);
    }

    /** Published after the snapshot of a media type changed. */
    public record EstimatesChanged(MediaType mediaType) {
    }

    private record Snapshot(long queueVersion, long runVersion, long consumerVersion,
                            Map<UUID, Integer> positions, Duration meanRunTime, Integer consumers) {
        static final Snapshot EMPTY = new Snapshot(-1, -1, -1, Map.of(), null, null);

        boolean estimatesLike(Snapshot other) {
            return positions.equals(other.positions) && Objects.equals(meanRunTime, other.meanRunTime)
                    && Objects.equals(consumers, other.consumers);
        }
    }

    private final QueueIndex index;
    private final RunTimes runTimes;
    private final ConsumerCounts consumerCounts;
    private final ApplicationEventPublisher events;
    private final Map<MediaType, Snapshot> snapshots = new EnumMap<>(MediaType.class);
    private volatile Map<MediaType, Snapshot> published = Map.of();

    QueueEstimates(QueueIndex index, RunTimes runTimes, ConsumerCounts consumerCounts, ApplicationEventPublisher events) {
        this.index = index;
        this.runTimes = runTimes;
        this.consumerCounts = consumerCounts;
        this.events = events;
        for (MediaType type : MediaType.values()) {
            snapshots.put(type, Snapshot.EMPTY);
        }
        published = Map.copyOf(snapshots);
    }

    /** The estimate for a job whose newest status is {@code event}. */
    public Estimate estimate(StatusEvent event) {
        Snapshot snapshot = published.get(event.mediaType());
        return switch (event.state()) {
            case QUEUED -> {
                Integer position = snapshot.positions().get(event.jobId());
                yield new Estimate(position,
                        position == null ? null : Eta.queued(position, snapshot.consumers(), snapshot.meanRunTime()));
            }
            case RUNNING -> new Estimate(null, Eta.running(event.progress(), snapshot.meanRunTime()));
            case COMPLETED, FAILED, CANCELLED -> Estimate.NONE;
        };
    }

    /** Rebuilds what changed since the last call; safe to call from one thread at a time. */
    public synchronized void refresh() {
        long consumerVersion = consumerCounts.version();
        for (MediaType type : MediaType.values()) {
            Snapshot old = snapshots.get(type);
            long queueVersion = index.version(type);
            long runVersion = runTimes.version(type);
            if (old.queueVersion() == queueVersion && old.runVersion() == runVersion
                    && old.consumerVersion() == consumerVersion) {
                continue;
            }
            Map<UUID, Integer> positions = old.queueVersion() == queueVersion ? old.positions() : positions(type);
            Snapshot fresh = new Snapshot(queueVersion, runVersion, consumerVersion, positions,
                    runTimes.mean(type).orElse(null), consumerCounts.consumers(type));
            snapshots.put(type, fresh);
            published = Map.copyOf(snapshots);
            if (!fresh.estimatesLike(old)) {
                events.publishEvent(new EstimatesChanged(type));
            }
        }
    }

    private Map<UUID, Integer> positions(MediaType type) {
        List<UUID> line = index.inLine(type);
        Map<UUID, Integer> positions = new HashMap<>(line.size() * 4 / 3 + 1);
        for (int i = 0; i < line.size(); i++) {
            positions.put(line.get(i), i);
        }
        return positions;
    }
}
