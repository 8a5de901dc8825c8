package dev.mediaqueue.gateway.delivery;

import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Ends held requests on time. The servlet container checks async timeouts only about once a second,
 * which could carry a hold past a proxy's read timeout; this timer fires when the hold is due.
 */
@Component
public class HoldTimer {

    /** The container's own timeout, a safety net should this timer ever miss. */
    static final Duration CONTAINER_GRACE = Duration.ofSeconds(5);

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "hold-timer");
        thread.setDaemon(true);
        return thread;
    });

    HoldTimer() {
        // a hold answered early cancels its task; don't keep thousands of them until they were due
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Runs {@code due} after {@code hold}; the returned future cancels it. */
    ScheduledFuture<?> after(Duration hold, Runnable due) {
        return timer.schedule(due, hold.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
