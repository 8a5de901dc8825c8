package dev.mediaqueue.worker.cancel;

import dev.mediaqueue.worker.generator.CancellationSignal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CancellationTokensTest {

    private final CancellationTokens tokens = new CancellationTokens();
    private final UUID jobId = UUID.randomUUID();

    @Test
    void cancelFlipsTheTokenOfARunningJob() {
        CancellationSignal signal = tokens.register(jobId);

        assertThat(tokens.cancel(jobId)).isTrue();

        assertThat(signal.isCancelled()).isTrue();
        assertThatThrownBy(signal::throwIfCancelled).isInstanceOf(CancellationException.class);
    }

    @Test
    void callbacksRunOnceWhenCancelled() {
        CancellationSignal signal = tokens.register(jobId);
        AtomicInteger calls = new AtomicInteger();
        signal.onCancel(calls::incrementAndGet);

        tokens.cancel(jobId);
        tokens.cancel(jobId);

        assertThat(calls).hasValue(1);
    }

    @Test
    void callbackRegisteredAfterCancellationRunsAtOnce() {
        CancellationSignal signal = tokens.register(jobId);
        tokens.cancel(jobId);
        AtomicInteger calls = new AtomicInteger();

        signal.onCancel(calls::incrementAndGet);

        assertThat(calls).hasValue(1);
    }

    @Test
    void failingCallbackDoesNotKeepTheOthersFromRunning() {
        CancellationSignal signal = tokens.register(jobId);
        AtomicInteger calls = new AtomicInteger();
        signal.onCancel(() -> {
            throw new IllegalStateException("backend unreachable");
        });
        signal.onCancel(calls::incrementAndGet);

        tokens.cancel(jobId);

        assertThat(calls).hasValue(1);
    }

    @Test
    void cancelOfAJobNotYetHereIsRememberedForWhenItArrives() {
        assertThat(tokens.cancel(jobId)).isFalse();

        assertThat(tokens.register(jobId).isCancelled()).isTrue();
        assertThat(tokens.register(UUID.randomUUID()).isCancelled()).isFalse();
    }

    @Test
    void awaitingEndsWhenTheJobIsCancelled() throws InterruptedException {
        CancellationSignal signal = tokens.register(jobId);
        new Thread(() -> tokens.cancel(jobId)).start();

        assertThat(signal.awaitCancellation(Duration.ofMinutes(1))).isTrue();
    }

    @Test
    void awaitingWithoutCancellationTimesOut() throws InterruptedException {
        assertThat(tokens.register(jobId).awaitCancellation(Duration.ofMillis(1))).isFalse();
    }

    @Test
    void releasedJobIsNoLongerCancelledHere() {
        CancellationSignal signal = tokens.register(jobId);
        tokens.release(jobId);

        assertThat(tokens.cancel(jobId)).isFalse();
        assertThat(signal.isCancelled()).isFalse();
    }
}
