package dev.mediaqueue.gateway.status;

import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The newest status of every job this gateway knows, built from status events.
 *
 * <p>An event replaces the held one only if {@link StatusEvent#canReplace} allows it (a legal move
 * that is newer), decided in one atomic {@code compute} per job, so late, duplicated or reordered
 * events never move a job backwards. Ignored events are counted, never thrown about.
 *
 * <p>{@link Listener}s keep what is derived from the statuses (indexes, a job's files) in step with it. Observers given to {@link #onApplied} hear of every applied event after the cache holds it.
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

    /**
     * Something kept in step with the cache, such as an index over the jobs. Every method has an empty
     * default; a listener that throws is logged and does not disturb the cache or the other listeners.
     */
    public interface Listener {

        /**
         * The job's status moved from {@code previous} (null for a job new to the cache) to {@code current}.
         * Called inside the job's atomic update, so the calls for one job come in order: keep it short,
         * in memory, and never call back into the cache.
         */
        default void applied(StatusEvent previous, StatusEvent current) {
        }

        /** {@code event} was ignored (late, duplicated or illegal) because the cache holds {@code current}. */
        default void ignored(StatusEvent current, StatusEvent event) {
        }

        /** The finished job whose newest status was {@code last} has been forgotten after the retention. */
        default void evicted(StatusEvent last) {
        }
    }

    private static final Logger log = LoggerFactory.getLogger(StatusCache.class);

    private final Map<UUID, StatusEvent> jobs = new ConcurrentHashMap<>();
    private final Map<JobState, AtomicLong> jobsPerState = new EnumMap<>(JobState.class);
    private final AtomicLong applied = new AtomicLong();
    private final Map<IgnoreReason, AtomicLong> ignored = new EnumMap<>(IgnoreReason.class);
    private final List<Listener> listeners;
    private final List<Consumer<StatusEvent>> observers = new CopyOnWriteArrayList<>();

    public StatusCache() {
        this(List.of());
    }

    @Autowired
    public StatusCache(List<Listener> listeners) {
        this.listeners = List.copyOf(listeners);
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
        StatusEvent held = jobs.compute(event.jobId(), (id, current) -> {
            if (!event.canReplace(current)) {
                ignoredAs[0] = event.isNewerThan(current) ? IgnoreReason.ILLEGAL : IgnoreReason.STALE;
                return current;
            }
            moved(current, event);
            tell(listener -> listener.applied(current, event));
            return event;
        });
        if (ignoredAs[0] != null) {
            ignored.get(ignoredAs[0]).incrementAndGet();
            tell(listener -> listener.ignored(held, event));
            return Outcome.IGNORED;
        }
        applied.incrementAndGet();
        observe(event);
        return Outcome.APPLIED;
    }

    /**
     * Adds an observer that hears of every applied event right after the cache holds it, outside the
     * job's atomic update (so it may read the cache); calls for one job may overlap. Must return quickly.
     */
    public void onApplied(Consumer<StatusEvent> observer) {
        observers.add(observer);
    }

    public Optional<StatusEvent> get(UUID jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    /**
     * Forgets finished jobs whose last change is older than {@code cutoff}; by then their events have
     * left the status stream too, so a restarted gateway would not know them either.
     */
    public int evictFinishedBefore(Instant cutoff) {
        List<StatusEvent> evicted = new ArrayList<>();
        for (UUID id : jobs.keySet()) {
            jobs.computeIfPresent(id, (key, current) -> {
                if (!current.state().isTerminal() || !current.updatedAt().isBefore(cutoff)) {
                    return current;
                }
                jobsPerState.get(current.state()).decrementAndGet();
                evicted.add(current);
                return null;
            });
        }
        // outside the atomic updates: a listener may delete files
        for (StatusEvent last : evicted) {
            tell(listener -> listener.evicted(last));
        }
        return evicted.size();
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

    private void tell(Consumer<Listener> call) {
        for (Listener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                log.warn("Status cache listener {} failed: {}", listener.getClass().getSimpleName(), e.toString(), e);
            }
        }
    }

    private void observe(StatusEvent event) {
        for (Consumer<StatusEvent> observer : observers) {
            try {
                observer.accept(event);
            } catch (RuntimeException e) {
                // an observer's failure must not stop the stream or make the event look ignored
                log.warn("A status cache observer failed on job {}", event.jobId(), e);
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
