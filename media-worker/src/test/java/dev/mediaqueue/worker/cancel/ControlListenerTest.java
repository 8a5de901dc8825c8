package dev.mediaqueue.worker.cancel;

import dev.mediaqueue.model.CancelCommand;
import dev.mediaqueue.model.WireFormat;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageBuilder;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class ControlListenerTest {

    private final CancellationTokens tokens = new CancellationTokens();
    private final ControlListener listener = new ControlListener(tokens);

    @Test
    void cancelCommandStopsTheRunningJob() {
        UUID jobId = UUID.randomUUID();
        var signal = tokens.register(jobId);

        listener.onMessage(MessageBuilder.withBody(WireFormat.write(new CancelCommand(jobId, Instant.now()))).build());

        assertThat(signal.isCancelled()).isTrue();
    }

    @Test
    void cancelCommandForAJobNotYetHereIsRemembered() {
        UUID jobId = UUID.randomUUID();

        listener.onMessage(MessageBuilder.withBody(WireFormat.write(new CancelCommand(jobId, Instant.now()))).build());

        assertThat(tokens.register(jobId).isCancelled()).isTrue();
    }

    @Test
    void malformedCommandsAreDroppedWithoutEffect() {
        UUID jobId = UUID.randomUUID();
        var signal = tokens.register(jobId);

        for (String body : new String[] {"{\"nope\":", "{\"job_id\":\"" + jobId + "\"}", "{\"job_id\":\"x\",\"requested_at\":\"2026-01-01T00:00:00Z\"}"}) {
            assertThatCode(() -> listener.onMessage(MessageBuilder.withBody(body.getBytes(StandardCharsets.UTF_8)).build()))
                    .doesNotThrowAnyException();
        }

        assertThat(signal.isCancelled()).isFalse();
    }
}
