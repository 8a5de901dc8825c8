package dev.mediaqueue.worker.cancel;

import dev.mediaqueue.worker.generator.CancellationSignal;
import dev.mediaqueue.worker.generator.CancellationSignal.Reason;
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

    @Test
    void signalKeepsTheFirstReasonItWasStoppedFor() {
        CancellationSignal signal = tokens.register(jobId);

        assertThat(signal.reason()).isEmpty();
        assertThat(tokens.stop(jobId, Reason.TIMED_OUT)).isTrue();
        tokens.cancel(jobId);

        assertThat(signal.reason()).contains(Reason.TIMED_OUT);
        assertThatThrownBy(signal::throwIfCancelled).isInstanceOf(CancellationException.class).hasMessage("timed out");
    }

    @Test
    void stopForAnotherReasonThanACancelIsNotRememberedForAJobNotRunningHere() {
        assertThat(tokens.stop(jobId, Reason.TIMED_OUT)).isFalse();

        assertThat(tokens.register(jobId).isCancelled()).isFalse();
    }

    @Test
    void shutdownStopsRunningJobsAndEveryJobRegisteredAfterIt() {
        CancellationSignal running = tokens.register(jobId);
        AtomicInteger interrupts = new AtomicInteger();
        running.onCancel(interrupts::incrementAndGet);

        assertThat(tokens.shutDown()).isEqualTo(1);

        assertThat(running.reason()).contains(Reason.SHUTDOWN);
        assertThat(interrupts).hasValue(1);
        assertThat(tokens.register(UUID.randomUUID()).reason()).contains(Reason.SHUTDOWN);
    }

    @Test
    void handingBackForAPauseStopsRunningJobsButLetsLaterJobsRun() {
        CancellationSignal running = tokens.register(jobId);

        assertThat(tokens.handBackRunning()).isEqualTo(1);

        assertThat(running.reason()).contains(Reason.SHUTDOWN);
        assertThat(tokens.register(UUID.randomUUID()).isCancelled()).isFalse();
    }

    @Test
    void earlyCancelWinsOverShutdownForAJobArrivingLater() {
        tokens.cancel(jobId);
        tokens.shutDown();

        assertThat(tokens.register(jobId).reason()).contains(Reason.CANCELLED);
    }

    @Test
    void signalThatOnlyKnowsWhetherItFiredReportsACancel() {
        CancellationSignal plain = new CancellationSignal() {
            @Override
            public boolean isCancelled() {
                return true;
            }

            @Override
            public void onCancel(Runnable callback) {
            }

            @Override
            public boolean awaitCancellation(Duration timeout) {
                return true;
            }
        };

        assertThat(plain.reason()).contains(Reason.CANCELLED);
        assertThatThrownBy(plain::throwIfCancelled).hasMessage("cancelled");
    }
}
