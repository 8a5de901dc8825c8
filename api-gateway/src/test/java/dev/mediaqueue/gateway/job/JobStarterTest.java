package dev.mediaqueue.gateway.job;

import dev.mediaqueue.gateway.MutableClock;
import dev.mediaqueue.gateway.limits.StartAdmission;
import dev.mediaqueue.gateway.security.Caller;
import dev.mediaqueue.gateway.security.TenantLimits;
import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.gateway.system.BrokerRefusedException;
import dev.mediaqueue.gateway.system.ConfirmedPublisher;
import dev.mediaqueue.model.ErrorType;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.model.Topology;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class JobStarterTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Caller ALICE = Caller.tenant("alice", Priority.URGENT, TenantLimits.UNLIMITED);

    private final MutableClock clock = new MutableClock(T0);
    private final JobPublisher publisher = mock(JobPublisher.class);
    private final ConfirmedPublisher broker = mock(ConfirmedPublisher.class);
    private final IdempotencyIndex idempotency = new IdempotencyIndex();
    private final StatusCache cache = new StatusCache(List.of(idempotency));
    private final StartAdmission admission = mock(StartAdmission.class);
    private final JobStarter starter = new JobStarter(publisher,
            new JobCanceller(broker, new CancelCommandPublisher(broker, clock), cache, clock, new JobMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry())), cache, idempotency, clock,
            admission);

    private final JobSpec spec = new JobSpec(MediaType.IMAGE, null, "a cat", null, Priority.NORMAL, Map.of(), null);
    private final IdempotencyKey key = new IdempotencyKey("order-42");

    @Test
    void startedJobIsPublishedAndKnownAtOnce() {
        UUID jobId = starter.start(spec, ALICE);

        verify(publisher).publish(any(JobMessage.class), any(StatusEvent.class));
        assertThat(cache.get(jobId)).hasValueSatisfying(queued -> {
            assertThat(queued.state()).isEqualTo(JobState.QUEUED);
            assertThat(queued.tenant()).isEqualTo("alice");
            assertThat(queued.idempotencyKey()).isNull();
        });
    }

    @Test
    void startTheAdmissionRefusesPublishesNothing() {
        doThrow(new IllegalStateException("over the limit")).when(admission).admit(ALICE, 1);

        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> starter.start(spec, ALICE));
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> starter.start(spec, ALICE, key));
        verify(publisher, never()).publish(any(), any());
        assertThat(cache.size()).isZero();
    }

    @Test
    void batchIsAdmittedWholeBeforeAnyJobIsPublished() {
        doThrow(new IllegalStateException("over the limit")).when(admission).admit(ALICE, 3);

        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> starter.startBatch(List.of(spec, spec, spec), ALICE, UUID.randomUUID()));
        verify(publisher, never()).publish(any(), any());
        starter.startBatch(List.of(spec, spec), ALICE, UUID.randomUUID());
        verify(admission).admit(ALICE, 2);
    }

    @Test
    void repeatedKeyedStartIsNotAdmittedAgain() {
        starter.start(spec, ALICE, key);

        starter.start(spec, ALICE, key);

        // the earlier job is the answer: neither a start token nor room in the queue is needed
        verify(admission, times(1)).admit(ALICE, 1);
    }

    @Test
    void aTierAboveTheCallersAllowanceIsLoweredToItAndOneBelowIsKept() {
        Caller capped = Caller.tenant("bob", Priority.HIGH, TenantLimits.UNLIMITED);
        JobSpec urgent = new JobSpec(MediaType.IMAGE, null, "a cat", null, Priority.URGENT, Map.of(), null);
        JobSpec low = new JobSpec(MediaType.IMAGE, null, "a cat", null, Priority.LOW, Map.of(), null);
        List<JobMessage> published = new ArrayList<>();
        doAnswer(call -> published.add(call.getArgument(0))).when(publisher).publish(any(JobMessage.class), any(StatusEvent.class));

        UUID lowered = starter.start(urgent, capped);
        UUID kept = starter.start(low, capped);
        List<UUID> batch = starter.startBatch(List.of(urgent, spec), capped, UUID.randomUUID());

        assertThat(cache.get(lowered).orElseThrow().priority()).isEqualTo(Priority.HIGH);
        assertThat(cache.get(kept).orElseThrow().priority()).isEqualTo(Priority.LOW);
        assertThat(batch).map(id -> cache.get(id).orElseThrow().priority()).containsExactly(Priority.HIGH, Priority.NORMAL);
        assertThat(published).map(JobMessage::priority)
                .containsExactly(Priority.HIGH, Priority.LOW, Priority.HIGH, Priority.NORMAL);
    }

    @Test
    void keyedStartRecordsTheKeyAndTheRequestHashInTheQueuedEvent() {
        UUID jobId = started(starter.start(spec, ALICE, key));

        assertThat(cache.get(jobId)).hasValueSatisfying(queued -> {
            assertThat(queued.idempotencyKey()).isEqualTo("order-42");
            assertThat(queued.requestHash()).isEqualTo(RequestHash.of(spec));
        });
    }

    @Test
    void sameKeyAndSameRequestAnswerTheEarlierJobWithoutPublishing() {
        UUID first = started(starter.start(spec, ALICE, key));
        StatusEvent running = cache.get(first).orElseThrow().next().state(JobState.RUNNING).attempt(1).seq(0).at(T0);
        cache.apply(running);

        JobStarter.KeyedStart again = starter.start(spec, ALICE, key);

        assertThat(again).isEqualTo(new JobStarter.Repeated(running));
        verify(publisher, times(1)).publish(any(), any());
    }

    @Test
    void sameKeyWithAnotherRequestIsAConflictNamingTheEarlierJob() {
        UUID first = started(starter.start(spec, ALICE, key));
        JobSpec other = new JobSpec(MediaType.IMAGE, null, "a dog", null, Priority.NORMAL, Map.of(), null);

        assertThatExceptionOfType(IdempotencyConflictException.class).isThrownBy(() -> starter.start(other, ALICE, key))
                .satisfies(e -> assertThat(e.getBody().getProperties()).containsEntry("job_id", first));
        verify(publisher, times(1)).publish(any(), any());
    }

    @Test
    void keysBelongToTheirTenant() {
        UUID alices = started(starter.start(spec, ALICE, key));
        UUID bobs = started(starter.start(spec, Caller.tenant("bob", Priority.URGENT, TenantLimits.UNLIMITED), key));

        assertThat(bobs).isNotEqualTo(alices);
    }

    @Test
    void keyUsedOnAnotherGatewayIsKnownFromTheStream() {
        StatusEvent elsewhere = StatusEvent.queued(spec.toMessage(UUID.randomUUID(), "alice", T0, null),
                "order-42", RequestHash.of(spec));
        cache.apply(elsewhere);

        assertThat(starter.start(spec, ALICE, key)).isEqualTo(new JobStarter.Repeated(elsewhere));
        verify(publisher, never()).publish(any(), any());
    }

    @Test
    void keyOfAJobTheBrokerRefusedMayBeUsedAgain() {
        StatusEvent refused = StatusEvent.queued(spec.toMessage(UUID.randomUUID(), "alice", T0, null),
                "order-42", RequestHash.of(spec));
        cache.apply(refused);
        cache.apply(refused.next().state(JobState.FAILED).seq(1).error(ErrorType.REJECTED, "refused").at(T0));

        assertThat(started(starter.start(spec, ALICE, key))).isNotEqualTo(refused.jobId());
    }

    @Test
    void equalRequestsAtTheSameTimeStartOneJob() throws Exception {
        int callers = 6;
        AtomicInteger publishes = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        doAnswer(invocation -> {
            publishes.incrementAndGet();
            Thread publishing = Thread.currentThread();
            // hold the first publish until every other caller waits for the key, or has published too
            await().atMost(Duration.ofSeconds(10)).until(() -> publishes.get() > 1 || threads.stream()
                    .filter(t -> t != publishing).allMatch(t -> t.getState() == Thread.State.WAITING));
            return null;
        }).when(publisher).publish(any(), any());
        ConcurrentLinkedQueue<JobStarter.KeyedStart> answers = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < callers; i++) {
            threads.add(new Thread(() -> answers.add(starter.start(spec, ALICE, key))));
        }

        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(30).toMillis());
        }

        assertThat(publishes).hasValue(1);
        UUID jobId = answers.stream().filter(JobStarter.Started.class::isInstance).map(a -> ((JobStarter.Started) a).jobId())
                .findFirst().orElseThrow();
        assertThat(answers).hasSize(callers).filteredOn(JobStarter.Repeated.class::isInstance).hasSize(callers - 1)
                .allSatisfy(a -> assertThat(((JobStarter.Repeated) a).status().jobId()).isEqualTo(jobId));
    }

    @Test
    void batchRefusedMidwayCancelsTheJobsAlreadyStarted() {
        AtomicInteger published = new AtomicInteger();
        doAnswer(invocation -> {
            if (published.incrementAndGet() == 3) {
                throw new BrokerRefusedException("queue full");
            }
            return null;
        }).when(publisher).publish(any(), any());
        UUID batchId = UUID.randomUUID();

        assertThatExceptionOfType(BrokerRefusedException.class)
                .isThrownBy(() -> starter.startBatch(List.of(spec, spec, spec, spec), ALICE, batchId));

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.jobsIn(JobState.CANCELLED)).isEqualTo(2);
        verify(broker, times(2)).publish(eq(Topology.STATUS_EXCHANGE), eq("image.cancelled"), any());
        verify(broker, times(2)).broadcast(eq(Topology.CONTROL_EXCHANGE), any());
    }

    @Test
    void batchJobsCarryTheBatchIdInOrder() {
        UUID batchId = UUID.randomUUID();

        List<UUID> jobIds = starter.startBatch(List.of(spec, spec, spec), ALICE, batchId);

        assertThat(jobIds).hasSize(3).doesNotHaveDuplicates();
        assertThat(jobIds).allSatisfy(id -> assertThat(cache.get(id).orElseThrow().batchId()).isEqualTo(batchId));
    }

    @Test
    void refusedStartIsPassedOn() {
        doThrow(new BrokerRefusedException("no connection")).when(publisher).publish(any(), any());

        assertThatExceptionOfType(BrokerRefusedException.class).isThrownBy(() -> starter.start(spec, ALICE, key));
        assertThat(cache.size()).isZero();
        assertThat(idempotency.size()).isZero();
    }

    private static UUID started(JobStarter.KeyedStart start) {
        assertThat(start).isInstanceOf(JobStarter.Started.class);
        return ((JobStarter.Started) start).jobId();
    }
}
