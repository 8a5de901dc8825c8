package dev.mediaqueue.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * N client threads, each sending its next request as soon as the previous one answered (a closed
 * loop: the load adapts to the server, so it measures the server's capacity at N concurrent clients).
 * Nothing is recorded during the warm-up.
 */
public final class ClosedLoop {

    /**
     * One client's request, made and sent synchronously; answers null when the answer was the expected
     * one, else what was wrong with it (e.g. {@code "status 503"}).
     */
    @FunctionalInterface
    public interface Call {
        String call(ThreadLocalRandom random) throws Exception;
    }

    private ClosedLoop() {
    }

    public static LoadResult run(int clients, Duration warmup, Duration measure, Call call) throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        Latencies latencies = new Latencies();
        LongAdder requests = new LongAdder();
        ErrorKinds errors = new ErrorKinds();
        CountDownLatch done = new CountDownLatch(clients);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread thread = new Thread(() -> {
                try {
                    loop(call, measureFrom, end, latencies, requests, errors);
                } finally {
                    done.countDown();
                }
            }, "load-client-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        done.await();
        return new LoadResult(requests.sum(), errors.total(), measure, latencies, errors.byKind());
    }

    private static void loop(Call call, long measureFrom, long end, Latencies latencies, LongAdder requests,
                             ErrorKinds errors) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (true) {
            long sent = System.nanoTime();
            if (sent >= end) {
                return;
            }
            String error;
            try {
                error = call.call(random);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            long answered = System.nanoTime();
            // an answer counts in the window it arrived in, so the rate covers exactly the measured time
            if (answered >= measureFrom && answered < end) {
                requests.increment();
                latencies.recordNanos(answered - sent);
                if (error != null) {
                    errors.add(error);
                }
            }
        }
    }
}
