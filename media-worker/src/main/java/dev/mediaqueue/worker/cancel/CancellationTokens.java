package dev.mediaqueue.worker.cancel;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mediaqueue.worker.generator.CancellationSignal;
import dev.mediaqueue.worker.generator.CancellationSignal.Reason;
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
 *
 * <p>Other reasons to stop a job (a time-out, a lost delivery) concern only a job running here and are
 * not remembered. Once the worker shuts down, every running job is stopped and every job registered
 * afterwards starts out stopped, so nothing new starts while the worker hands its jobs back.
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
    private volatile boolean shuttingDown;

    /**
     * Opens the token of a job about to run; already cancelled if a cancel command came first, already
     * stopped for {@link Reason#SHUTDOWN} if the worker is shutting down.
     */
    public CancellationSignal register(UUID jobId) {
        CancellationToken token = new CancellationToken();
        running.put(jobId, token);
        if (earlyCancels.asMap().remove(jobId) != null) {
            token.cancel(Reason.CANCELLED);
        } else if (shuttingDown) {
            token.cancel(Reason.SHUTDOWN);
        }
        return token;
    }

    /**
     * Cancels a job at a caller's request: flips its token and runs its callbacks if it runs here,
     * otherwise remembers it.
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
        token.cancel(Reason.CANCELLED);
        return true;
    }

    /**
     * Stops a job running here for {@code reason}; nothing happens if it does not run here or was
     * already stopped.
     *
     * @return whether this call stopped it
     */
    public boolean stop(UUID jobId, Reason reason) {
        CancellationToken token = running.get(jobId);
        return token != null && token.cancel(reason);
    }

    /**
     * Stops every job running here for {@link Reason#SHUTDOWN}, and every job registered from now on.
     *
     * @return how many running jobs this stopped
     */
    public int shutDown() {
        shuttingDown = true;
        return handBackRunning();
    }

    /**
     * Stops every running job with {@link Reason#SHUTDOWN} so it is handed back to the queue, but, unlike
     * {@link #shutDown()}, lets jobs registered later run (the worker pauses, it does not stop).
     *
     * @return how many running jobs this stopped
     */
    public int handBackRunning() {
        return (int) running.values().stream().filter(token -> token.cancel(Reason.SHUTDOWN)).count();
    }

    /** Forgets the token of a job that ended. */
    public void release(UUID jobId) {
        running.remove(jobId);
    }
}
