package dev.mediaqueue.bench.load;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Requests at a fixed rate whatever the server does (an open loop, as independent users behave).
 *
 * <p>Each request's latency is measured from the moment it was due to be sent, not from when it was
 * actually sent: when the server (or this machine) stalls, the requests that should have gone out
 * meanwhile count their wait too. Measuring from the actual send would hide the stall (coordinated
 * omission).
 */
public final class OpenLoop {

    private OpenLoop() {
    }

    /**
     * Sends {@code ratePerSecond} requests per second for {@code warmup} + {@code measure}; records
     * those due after the warm-up.
     *
     * @param send starts one request; its future answers null when the answer was the expected one, else
     *             what was wrong with it
     */
    public static LoadResult run(double ratePerSecond, Duration warmup, Duration measure, Duration drainTimeout,
                                 Supplier<CompletableFuture<String>> send) throws InterruptedException {
        long period = Math.round(1e9 / ratePerSecond);
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        Latencies latencies = new Latencies();
        LongAdder requests = new LongAdder();
        ErrorKinds errors = new ErrorKinds();
        Phaser outstanding = new Phaser(1);
        for (long i = 0; ; i++) {
            long due = start + i * period;
            if (due >= end) {
                break;
            }
            waitUntil(due);
            boolean recorded = due >= measureFrom;
            outstanding.register();
            CompletableFuture<String> answer;
            try {
                answer = send.get();
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answer.whenComplete((error, failure) -> {
                long latency = System.nanoTime() - due;
                if (recorded) {
                    requests.increment();
                    latencies.recordNanos(latency);
                    if (failure != null) {
                        errors.add(failure.getClass().getSimpleName() + ": " + failure.getMessage());
                    } else if (error != null) {
                        errors.add(error);
                    }
                }
                outstanding.arriveAndDeregister();
            });
        }
        int phase = outstanding.arrive();
        try {
            outstanding.awaitAdvanceInterruptibly(phase, drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // requests that never answered are failures; the run must still end
            long missing = outstanding.getRegisteredParties() - 1;
            errors.add("no answer within " + drainTimeout, missing);
            requests.add(missing);
        }
        return new LoadResult(requests.sum(), errors.total(), measure, latencies, errors.byKind());
    }

    private static void waitUntil(long due) {
        long remaining;
        while ((remaining = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
        }
    }
}
