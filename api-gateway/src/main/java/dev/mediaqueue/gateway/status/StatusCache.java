package dev.mediaqueue.gateway.status;

import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The newest status of every job this gateway knows, built from status events.
 *
 * <p>An event replaces the held one only if {@link StatusEvent#canReplace} allows it (a legal move
 * that is newer), decided in one atomic {@code compute} per job, so late, duplicated or reordered
 * events never move a job backwards. Ignored events are counted, never thrown about.
 */
@Component
public class StatusCache {

    /** What {@link #apply} did with an event. */
    public enum Outcome { APPLIED, IGNORED }

    /**
     * Why an event was ignored: {@code STALE} not newer than the held one (late or duplicated),
     * {@code ILLEGAL} newer but not a legal move, {@code MALFORMED} no event at all.
     */
    public enum IgnoreReason { STALE, ILLEGAL, MALFORMED }

    private final Map<UUID, StatusEvent> jobs = new ConcurrentHashMap<>();
    private final Map<JobState, AtomicLong> jobsPerState = new EnumMap<>(JobState.class);
    private final AtomicLong applied = new AtomicLong();
    private final Map<IgnoreReason, AtomicLong> ignored = new EnumMap<>(IgnoreReason.class);

    public StatusCache() {
        for (JobState state : JobState.values()) {
            jobsPerState.put(state, new AtomicLong());
        }
        for (IgnoreReason reason : IgnoreReason.values()) {
            ignored.put(reason, new AtomicLong());
        }
    }

    public Outcome apply(StatusEvent event) {
        if (event == null) {
            ignored.get(IgnoreReason.MALFORMED).incrementAndGet();
            return Outcome.IGNORED;
        }
        IgnoreReason[] ignoredAs = {null};
        jobs.compute(event.jobId(), (id, current) -> {
            if (!event.canReplace(current)) {
                ignoredAs[0] = event.isNewerThan(current) ? IgnoreReason.ILLEGAL : IgnoreReason.STALE;
                return current;
            }
            moved(current, event);
            return event;
        });
        if (ignoredAs[0] != null) {
            ignored.get(ignoredAs[0]).incrementAndGet();
            return Outcome.IGNORED;
        }
        applied.incrementAndGet();
        return Outcome.APPLIED;
    }

    public Optional<StatusEvent> get(UUID jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    /**
     * Forgets finished jobs whose last change is older than {@code cutoff}; by then their events have
     * left the status stream too, so a restarted gateway would not know them either.
     */
    public int evictFinishedBefore(Instant cutoff) {
        int[] evicted = {0};
        for (UUID id : jobs.keySet()) {
            jobs.computeIfPresent(id, (key, current) -> {
                if (!current.state().isTerminal() || !current.updatedAt().isBefore(cutoff)) {
                    return current;
                }
                jobsPerState.get(current.state()).decrementAndGet();
                evicted[0]++;
                return null;
            });
        }
        return evicted[0];
    }

    public int size() {
        return jobs.size();
    }

    public long jobsIn(JobState state) {
        return jobsPerState.get(state).get();
    }

    public long appliedEvents() {
        return applied.get();
    }

    public long ignoredEvents() {
        return ignored.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public long ignoredEvents(IgnoreReason reason) {
        return ignored.get(reason).get();
    }

    /**
     * When the oldest job still queued of each media type was accepted; types without a queued job are
     * absent. Walks every job held, so it is for a poller that runs every few seconds, never per request.
     */
    public Map<MediaType, Instant> oldestQueued() {
        Map<MediaType, Instant> oldest = new EnumMap<>(MediaType.class);
        for (StatusEvent job : jobs.values()) {
            if (job.state() == JobState.QUEUED) {
                oldest.merge(job.mediaType(), job.createdAt(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        return oldest;
    }

    private void moved(StatusEvent current, StatusEvent next) {
        if (current != null) {
            jobsPerState.get(current.state()).decrementAndGet();
        }
        jobsPerState.get(next.state()).incrementAndGet();
    }
}
