package dev.mediaqueue.gateway.history;

import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.Stream;

/**
 * Each tenant's jobs, newest first, also by state and by media type, kept in step with the status cache:
 * a listing walks only the jobs it may show instead of scanning every job.
 */
@Component
class JobHistoryIndex implements StatusCache.Listener {

    /** A job's place in the history: newest first, ties broken by id. */
    record Entry(Instant createdAt, UUID jobId) {
        static final Comparator<Entry> NEWEST_FIRST = Comparator.comparing(Entry::createdAt).reversed()
                .thenComparing(Entry::jobId);
    }

    private final Map<String, TenantJobs> tenants = new ConcurrentHashMap<>();

    /** The tenant's jobs newest first, narrowed to a state and a media type where given (null: any). */
    Stream<Entry> newestFirst(String tenant, JobState state, MediaType mediaType) {
        TenantJobs jobs = tenants.get(tenant);
        return jobs == null ? Stream.empty() : jobs.newestFirst(state, mediaType);
    }

    @Override
    public void applied(StatusEvent previous, StatusEvent current) {
        if (previous == null) {
            tenants.compute(current.tenant(), (tenant, jobs) -> {
                TenantJobs held = jobs != null ? jobs : new TenantJobs();
                held.add(current);
                return held;
            });
        } else if (previous.state() != current.state()) {
            TenantJobs jobs = tenants.get(current.tenant());
            if (jobs != null) {
                jobs.moved(previous, current);
            }
        }
    }

    @Override
    public void evicted(StatusEvent last) {
        tenants.computeIfPresent(last.tenant(), (tenant, jobs) -> jobs.remove(last) ? null : jobs);
    }

    /** Jobs held over all tenants; 0 once every job has left the cache. */
    int size() {
        return tenants.values().stream().mapToInt(TenantJobs::size).sum();
    }

    private static final class TenantJobs {
        private final NavigableSet<Entry> all = new ConcurrentSkipListSet<>(Entry.NEWEST_FIRST);
        private final Map<JobState, NavigableSet<Entry>> byState = new EnumMap<>(JobState.class);
        private final Map<MediaType, NavigableSet<Entry>> byType = new EnumMap<>(MediaType.class);

        TenantJobs() {
            for (JobState state : JobState.values()) {
                byState.put(state, new ConcurrentSkipListSet<>(Entry.NEWEST_FIRST));
            }
            for (MediaType type : MediaType.values()) {
                byType.put(type, new ConcurrentSkipListSet<>(Entry.NEWEST_FIRST));
            }
        }

        void add(StatusEvent job) {
            Entry entry = entryOf(job);
            all.add(entry);
            byState.get(job.state()).add(entry);
            byType.get(job.mediaType()).add(entry);
        }

        void moved(StatusEvent previous, StatusEvent current) {
            Entry entry = entryOf(current);
            byState.get(current.state()).add(entry);
            byState.get(previous.state()).remove(entry);
        }

        /** Removes the job; returns whether the tenant has no jobs left. */
        boolean remove(StatusEvent last) {
            Entry entry = entryOf(last);
            all.remove(entry);
            byState.values().forEach(jobs -> jobs.remove(entry));
            byType.get(last.mediaType()).remove(entry);
            return all.isEmpty();
        }

        /**
         * Walks the narrower index; the other filter is checked per entry. States change, so a caller
         * checks the job's current state again.
         */
        Stream<Entry> newestFirst(JobState state, MediaType mediaType) {
            if (state != null) {
                Stream<Entry> inState = byState.get(state).stream();
                return mediaType == null ? inState : inState.filter(byType.get(mediaType)::contains);
            }
            return mediaType == null ? all.stream() : byType.get(mediaType).stream();
        }

        int size() {
            return all.size();
        }

        private static Entry entryOf(StatusEvent job) {
            return new Entry(job.createdAt(), job.jobId());
        }
    }
}
