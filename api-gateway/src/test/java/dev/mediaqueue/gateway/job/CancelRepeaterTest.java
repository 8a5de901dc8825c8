package dev.mediaqueue.gateway.job;

import dev.mediaqueue.gateway.MutableClock;
import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.gateway.system.BrokerRefusedException;
import dev.mediaqueue.gateway.system.ConfirmedPublisher;
import dev.mediaqueue.model.CancelCommand;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.model.Topology;
import dev.mediaqueue.model.WireFormat;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.amqp.core.Message;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

class CancelRepeaterTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0.plusSeconds(10));
    private final ConfirmedPublisher broker = mock(ConfirmedPublisher.class);
    private final StatusCache cache = new StatusCache(List.of(new CancelRepeater(new CancelCommandPublisher(broker, clock), clock)));

    private final StatusEvent queued = StatusEvent.queued(new JobMessage(UUID.randomUUID(), MediaType.IMAGE, null,
            "a cat", null, null, Map.of(), "default", T0, null, null));
    private final StatusEvent cancelled = queued.next().state(JobState.CANCELLED).seq(1).completedAt(T0.plusSeconds(2))
            .at(T0.plusSeconds(2));
    private final StatusEvent running = queued.next().state(JobState.RUNNING).attempt(1).seq(0).at(T0.plusSeconds(3));

    @Test
    void runningReportForACancelledJobSendsTheCommandAgain() {
        cache.apply(queued);
        cache.apply(cancelled);

        cache.apply(running);

        assertThat(commands()).containsExactly(queued.jobId());
    }

    @Test
    void commandIsRepeatedOncePerAttempt() {
        cache.apply(queued);
        cache.apply(cancelled);

        cache.apply(running);
        cache.apply(running.next().seq(1).progress(30).at(T0.plusSeconds(4)));
        cache.apply(running);
        cache.apply(running.next().attempt(2).seq(0).at(T0.plusSeconds(5)));

        assertThat(commands()).containsExactly(queued.jobId(), queued.jobId());
    }

    @Test
    void oldRunningReportsReadDuringTheReplayAreNotRepeated() {
        cache.apply(queued);
        cache.apply(cancelled);
        clock.advance(CancelRepeater.FRESH.plus(Duration.ofSeconds(10)));

        cache.apply(running);

        verify(broker, never()).broadcast(anyString(), any());
    }

    @Test
    void runningReportForAJobThatEndedOtherwiseIsNotRepeated() {
        cache.apply(queued);
        StatusEvent started = queued.next().state(JobState.RUNNING).attempt(1).seq(0).at(T0.plusSeconds(1));
        cache.apply(started);
        cache.apply(started.next().state(JobState.COMPLETED).seq(2).progress(100).at(T0.plusSeconds(2)));

        cache.apply(started.next().seq(1).progress(50).at(T0.plusSeconds(3)));

        verify(broker, never()).broadcast(anyString(), any());
    }

    @Test
    void failedRepeatDoesNotDisturbTheCache() {
        doThrow(new BrokerRefusedException("no confirm")).when(broker).broadcast(anyString(), any());
        cache.apply(queued);
        cache.apply(cancelled);

        cache.apply(running);

        assertThat(cache.get(queued.jobId())).contains(cancelled);
    }

    private List<UUID> commands() {
        ArgumentCaptor<Message> commands = ArgumentCaptor.forClass(Message.class);
        verify(broker, atLeastOnce()).broadcast(eq(Topology.CONTROL_EXCHANGE), commands.capture());
        return commands.getAllValues().stream().map(m -> WireFormat.read(m.getBody(), CancelCommand.class).jobId()).toList();
    }
}
