package dev.mediaqueue.worker.cancel;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mediaqueue.worker.generator.CancellationSignal;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cancellation tokens of the jobs this worker runs, by job id.
 *
 * <p>A cancel command reaches every worker (the control exchange is a fanout), usually before or
 * after the job runs anywhere. A command for a job this worker does not run is remembered for a while,
 * so a job cancelled while still queued starts out cancelled if its message reaches this worker later.
 */
@Component
public class CancellationTokens {

    static final Duration REMEMBER_EARLY_CANCELS = Duration.ofHours(24);
    static final long MAX_EARLY_CANCELS = 100_000;

    private final Map<UUID, CancellationToken> running = new ConcurrentHashMap<>();
    private final Cache<UUID, Boolean> earlyCancels = Caffeine.newBuilder()
            .expireAfterWrite(REMEMBER_EARLY_CANCELS)
            .maximumSize(MAX_EARLY_CANCELS)
            .build();

    /** Opens the token of a job about to run; already cancelled if a cancel command came first. */
    public CancellationSignal register(UUID jobId) {
        CancellationToken token = new CancellationToken();
        running.put(jobId, token);
        if (earlyCancels.asMap().remove(jobId) != null) {
            token.cancel();
        }
        return token;
    }

    /**
     * Cancels a job: flips its token and runs its callbacks if it runs here, otherwise remembers it.
     *
     * @return whether the job runs on this worker
     */
    public boolean cancel(UUID jobId) {
        CancellationToken token = running.get(jobId);
        if (token == null) {
            earlyCancels.put(jobId, Boolean.TRUE);
            // the job may have registered between the look-up and the put
            token = running.get(jobId);
            if (token == null) {
                return false;
            }
            earlyCancels.invalidate(jobId);
        }
        token.cancel();
        return true;
    }

    /** Forgets the token of a job that ended. */
    public void release(UUID jobId) {
        running.remove(jobId);
    }
}
