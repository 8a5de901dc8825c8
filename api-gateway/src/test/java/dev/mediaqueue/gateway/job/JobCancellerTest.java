package dev.mediaqueue.gateway.job;

import dev.mediaqueue.gateway.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

class JobCancellerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0.plusSeconds(5));
    private final ConfirmedPublisher broker = mock(ConfirmedPublisher.class);
    private final StatusCache cache = new StatusCache();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final JobCanceller canceller = new JobCanceller(broker, new CancelCommandPublisher(broker, clock), cache, clock,
            new JobMetrics(registry));

    private final StatusEvent queued = StatusEvent.queued(new JobMessage(UUID.randomUUID(), MediaType.VIDEO, null,
            "a dog", null, null, Map.of(), "default", T0, null, null));
    private final StatusEvent running = queued.next().state(JobState.RUNNING).attempt(1).seq(0).at(T0.plusSeconds(1));

    @Test
    void queuedJobIsCancelledAtOnceAndWorkersAreToldToo() {
        cache.apply(queued);

        StatusEvent after = canceller.cancel(queued);

        ArgumentCaptor<Message> event = ArgumentCaptor.forClass(Message.class);
        verify(broker).publish(eq(Topology.STATUS_EXCHANGE), eq("video.cancelled"), event.capture());
        StatusEvent cancelled = WireFormat.read(event.getValue().getBody(), StatusEvent.class);
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.attempt()).isZero();
        assertThat(cancelled.seq()).isEqualTo(1);
        assertThat(cancelled.message()).isEqualTo("Cancelled by the caller");
        assertThat(cancelled.completedAt()).isEqualTo(clock.instant());
        assertThat(after).isEqualTo(cancelled);
        assertThat(cache.get(queued.jobId())).contains(cancelled);
        assertThat(command()).isEqualTo(new CancelCommand(queued.jobId(), clock.instant()));
        assertThat(registry.get("mediaqueue.jobs.finished").tags("media_type", "video", "outcome", "cancelled")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void runningJobGetsOnlyTheCancelCommand() {
        cache.apply(queued);
        cache.apply(running);

        assertThat(canceller.cancel(running)).isEqualTo(running);

        verify(broker, never()).publish(anyString(), anyString(), any());
        assertThat(command().jobId()).isEqualTo(queued.jobId());
    }

    @Test
    void queuedJobIsCancelledEvenWhenTheCommandCannotBeSent() {
        cache.apply(queued);
        doThrow(new BrokerRefusedException("no confirm")).when(broker).broadcast(anyString(), any());

        assertThat(canceller.cancel(queued).state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void refusedCancelledEventChangesNothing() {
        cache.apply(queued);
        doThrow(new BrokerRefusedException("no confirm")).when(broker).publish(anyString(), anyString(), any());

        assertThatExceptionOfType(BrokerRefusedException.class).isThrownBy(() -> canceller.cancel(queued));
        assertThat(cache.get(queued.jobId())).contains(queued);
    }

    @Test
    void refusedCommandForARunningJobIsPassedOn() {
        cache.apply(running);
        doThrow(new BrokerRefusedException("no confirm")).when(broker).broadcast(anyString(), any());

        assertThatExceptionOfType(BrokerRefusedException.class).isThrownBy(() -> canceller.cancel(running));
    }

    @Test
    void jobThatStartedMeanwhileStaysRunningUntilItsWorkerStopsIt() {
        cache.apply(queued);
        cache.apply(running);

        assertThat(canceller.cancel(queued)).as("the cancelled event is older than the running one").isEqualTo(running);
        assertThat(command().jobId()).isEqualTo(queued.jobId());
    }

    private CancelCommand command() {
        ArgumentCaptor<Message> command = ArgumentCaptor.forClass(Message.class);
        verify(broker).broadcast(eq(Topology.CONTROL_EXCHANGE), command.capture());
        return WireFormat.read(command.getValue().getBody(), CancelCommand.class);
    }
}
