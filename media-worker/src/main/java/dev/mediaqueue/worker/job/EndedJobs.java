package dev.mediaqueue.worker.job;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.UUID;

/**
 * The jobs whose end this worker recorded lately. A message of one of them that arrives again is a
 * duplicate, for example when the terminal event was confirmed but the acknowledgement was lost with
 * the connection: it is acknowledged without running the job a second time.
 */
@Component
class EndedJobs {

    static final Duration REMEMBER = Duration.ofHours(1);
    static final long MAX_REMEMBERED = 10_000;

    private final Cache<UUID, Boolean> ended = Caffeine.newBuilder()
            .expireAfterWrite(REMEMBER)
            .maximumSize(MAX_REMEMBERED)
            .build();

    void remember(UUID jobId) {
        ended.put(jobId, Boolean.TRUE);
    }

    boolean contains(UUID jobId) {
        return ended.getIfPresent(jobId) != null;
    }
}
