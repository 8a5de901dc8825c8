package dev.mediaqueue.gateway.status;

import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.StatusEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The newest status of every job this gateway knows, built from status events.
 *
 * <p>An event replaces the held one only if {@link StatusEvent#canReplace} allows it (a legal move
 * that is newer), decided in one atomic {@code compute} per job, so late, duplicated or reordered
 * events never move a job backwards. Ignored events are counted, never thrown about.
 *
 * <p>{@link Listener}s hear of every applied event, after the cache holds it.
 */
@Component
public class StatusCache {

    /** What {@link #apply} did with an event. */
    public enum Outcome { APPLIED, IGNORED }

    /**
     * Told about every event the cache applied, right after it holds it, on the thread that applied it
     * (the status stream's, or a request's). Calls for one job may overlap or arrive out of order, so a
     * listener that needs the newest status reads it from the cache. Must return quickly.
     */
    @FunctionalInterface
    public interface Listener {
        void applied(StatusEvent event);
    }

    private static final Logger log = LoggerFactory.getLogger(StatusCache.class);

    private final Map<UUID, StatusEvent> jobs = new ConcurrentHashMap<>();
    private final Map<JobState, AtomicLong> jobsPerState = new EnumMap<>(JobState.class);
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public StatusCache() {
        for (JobState state : JobState.values()) {
            jobsPerState.put(state, new AtomicLong());
        }
    }

    public Outcome apply(StatusEvent event) {
        if (event == null) {
            ignored.incrementAndGet();
            return Outcome.IGNORED;
        }
        boolean[] replaced = {false};
        jobs.compute(event.jobId(), (id, current) -> {
            if (!event.canReplace(current)) {
                return current;
            }
            moved(current, event);
            replaced[0] = true;
            return event;
        });
        (replaced[0] ? applied : ignored).incrementAndGet();
        if (replaced[0]) {
            tellListeners(event);
        }
        return replaced[0] ? Outcome.APPLIED : Outcome.IGNORED;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
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
        return ignored.get();
    }

    private void tellListeners(StatusEvent event) {
        for (Listener listener : listeners) {
            try {
                listener.applied(event);
            } catch (RuntimeException e) {
                // a listener's failure must not stop the stream or make the event look ignored
                log.warn("A status cache listener failed on job {}", event.jobId(), e);
            }
        }
    }

    private void moved(StatusEvent current, StatusEvent next) {
        if (current != null) {
            jobsPerState.get(current.state()).decrementAndGet();
        }
        jobsPerState.get(next.state()).incrementAndGet();
    }
}
