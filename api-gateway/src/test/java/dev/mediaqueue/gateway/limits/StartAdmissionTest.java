package dev.mediaqueue.gateway.limits;

import dev.mediaqueue.gateway.security.Caller;
import dev.mediaqueue.gateway.security.TenantLimits;
import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;
import dev.mediaqueue.model.StatusEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.web.ErrorResponseException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class StartAdmissionTest {

    // 6 starts a minute (one every 10 s) in bursts of 4; at most 5 queued
    private static final Caller ALICE = Caller.tenant("alice", Priority.HIGH, new TenantLimits(6, 4, 0, 0, 5));

    private final FakeTime time = new FakeTime();
    private final QueuedJobs queuedJobs = new QueuedJobs();
    private final StatusCache cache = new StatusCache(List.of(queuedJobs));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LimitsProperties properties = new LimitsProperties(1000, Duration.ofSeconds(7));
    private final StartAdmission admission = new StartAdmission(new RateBudgets(properties, time), queuedJobs,
            new LimitMetrics(registry), properties);

    @Test
    void startOverTheBudgetIsA429WithTheWaitInWholeSeconds() {
        admission.admit(ALICE, 4);

        assertThatExceptionOfType(LimitExceededException.class).isThrownBy(() -> admission.admit(ALICE, 1))
                .satisfies(e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(429);
                    assertThat(e.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("10");
                    assertThat(e.getBody().getDetail()).startsWith("too many job starts: the budget of 6 per minute");
                    assertThat(e.getBody().getProperties()).containsEntry("limit", "start_rate");
                });
        assertThat(limited("start_rate")).isEqualTo(1);
    }

    @Test
    void batchTakesOneTokenPerJobAllOrNothing() {
        admission.admit(ALICE, 3);

        assertThatExceptionOfType(LimitExceededException.class).isThrownBy(() -> admission.admit(ALICE, 2));
        // the refused batch took nothing: the last token is still there
        assertThatNoException().isThrownBy(() -> admission.admit(ALICE, 1));
    }

    @Test
    void batchLargerThanTheBurstCanNeverPassAndIsA400NamingTheItems() {
        assertThatExceptionOfType(ErrorResponseException.class).isThrownBy(() -> admission.admit(ALICE, 5))
                .isNotInstanceOf(LimitExceededException.class)
                .satisfies(e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(400);
                    assertThat(e.getBody().getDetail()).contains("items: must hold at most 4 jobs for this caller");
                });
    }

    @Test
    void startBeyondTheQueuedCapIsA429AndCostsNoToken() {
        for (int i = 0; i < 5; i++) {
            cache.apply(queued("alice"));
        }

        assertThatExceptionOfType(LimitExceededException.class).isThrownBy(() -> admission.admit(ALICE, 1))
                .satisfies(e -> {
                    assertThat(e.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
                    assertThat(e.getBody().getDetail()).startsWith("too many jobs waiting: 5 of at most 5 are queued");
                    assertThat(e.getBody().getProperties()).containsEntry("limit", "queued_jobs");
                });
        assertThat(limited("queued_jobs")).isEqualTo(1);
        assertThat(limited("start_rate")).isZero();
    }

    @Test
    void otherTenantsQueuedJobsDoNotCount() {
        for (int i = 0; i < 5; i++) {
            cache.apply(queued("bob"));
        }

        assertThatNoException().isThrownBy(() -> admission.admit(ALICE, 4));
    }

    @Test
    void batchThatWouldPassTheQueuedCapIsRefusedWhole() {
        for (int i = 0; i < 3; i++) {
            cache.apply(queued("alice"));
        }

        assertThatExceptionOfType(LimitExceededException.class).isThrownBy(() -> admission.admit(ALICE, 3))
                .satisfies(e -> assertThat(e.getBody().getDetail()).contains("3 of at most 5 are queued and the batch has 3"));
        assertThatNoException().isThrownBy(() -> admission.admit(ALICE, 2));
    }

    @Test
    void unlimitedCallerIsAlwaysAdmitted() {
        for (int i = 0; i < 1000; i++) {
            admission.admit(Caller.DEFAULT, 50);
        }
        assertThat(limited("start_rate") + limited("queued_jobs")).isZero();
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndNeverZero() {
        assertThat(LimitExceededException.retrySeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(LimitExceededException.retrySeconds(Duration.ZERO)).isEqualTo(1);
        assertThat(LimitExceededException.retrySeconds(Duration.ofMillis(2001))).isEqualTo(3);
        assertThat(LimitExceededException.retrySeconds(Duration.ofSeconds(2))).isEqualTo(2);
    }

    private double limited(String limit) {
        return registry.get("mediaqueue.requests.limited").tag("limit", limit).counter().count();
    }

    private static StatusEvent queued(String tenant) {
        return StatusEvent.queued(new JobMessage(UUID.randomUUID(), MediaType.IMAGE, null, "a cat", null, null, Map.of(),
                tenant, Instant.parse("2026-01-01T10:00:00Z"), null, null));
    }
}
