package dev.mediaqueue.bench.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class OpenLoopTest {

    @Test
    void aStallCountsForEveryRequestThatWasDueDuringIt() throws Exception {
        AtomicInteger sent = new AtomicInteger();

        // 200/s; the 10th send stalls the sender for 200 ms, during which 40 more requests fall due
        LoadResult result = OpenLoop.run(200, Duration.ZERO, Duration.ofMillis(600), Duration.ofSeconds(5), () -> {
            if (sent.incrementAndGet() == 10) {
                sleep(200);
            }
            return CompletableFuture.<String>completedFuture(null);
        });

        assertThat(result.requests()).isEqualTo(120);
        assertThat(result.errors()).isZero();
        // measured from the actual send, every answer would look instant; from the due time, the stall shows
        assertThat(result.latencies().maxMillis()).isGreaterThanOrEqualTo(190);
        assertThat(result.latencies().percentileMillis(75)).isGreaterThanOrEqualTo(20);
    }

    @Test
    void answersThatAreNotExpectedOrNeverComeAreErrors() throws Exception {
        AtomicInteger sent = new AtomicInteger();

        LoadResult result = OpenLoop.run(100, Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(200), () -> {
            int n = sent.incrementAndGet();
            if (n == 1) {
                return new CompletableFuture<String>(); // never answers
            }
            return CompletableFuture.completedFuture(n % 2 == 0 ? null : "status 503");
        });

        assertThat(result.requests()).isEqualTo(10);
        assertThat(result.errors()).isEqualTo(5);
        assertThat(result.errorKinds()).containsEntry("status 503", 4L).containsEntry("no answer within PT0.2S", 1L);
    }

    @Test
    void nothingDueDuringTheWarmUpIsRecorded() throws Exception {
        LoadResult result = OpenLoop.run(100, Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(1),
                () -> CompletableFuture.<String>completedFuture(null));

        assertThat(result.requests()).isEqualTo(10);
        assertThat(result.perSecond()).isEqualTo(100);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
