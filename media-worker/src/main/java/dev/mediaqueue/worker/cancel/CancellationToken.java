package dev.mediaqueue.worker.cancel;

import dev.mediaqueue.worker.generator.CancellationSignal;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The cancellation state of one running job: flipped once, for the first reason, then its callbacks run once. */
final class CancellationToken implements CancellationSignal {

    private static final Logger log = LoggerFactory.getLogger(CancellationToken.class);

    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final List<Runnable> callbacks = new ArrayList<>();
    private volatile @Nullable Reason reason;

    @Override
    public boolean isCancelled() {
        return cancelled.getCount() == 0;
    }

    @Override
    public Optional<Reason> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public void onCancel(Runnable callback) {
        synchronized (callbacks) {
            if (!isCancelled()) {
                callbacks.add(callback);
                return;
            }
        }
        run(callback);
    }

    @Override
    public boolean awaitCancellation(Duration timeout) throws InterruptedException {
        return cancelled.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Flips the token for {@code why} and runs the callbacks registered so far; once flipped, further
     * calls do nothing.
     *
     * @return whether this call flipped it
     */
    boolean cancel(Reason why) {
        List<Runnable> toRun;
        synchronized (callbacks) {
            if (isCancelled()) {
                return false;
            }
            reason = why;
            cancelled.countDown();
            toRun = List.copyOf(callbacks);
            callbacks.clear();
        }
        toRun.forEach(CancellationToken::run);
        return true;
    }

    private static void run(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            // one failing callback must not keep the others (or the canceller) from going on
            log.warn("a cancellation callback failed", e);
        }
    }
}
