package dev.mediaqueue.gateway.delivery;

import dev.mediaqueue.gateway.position.PositionSliceBeans;
import dev.mediaqueue.gateway.position.QueueEstimates;
import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.gateway.status.StatusSliceBeans;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobResult;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;
import dev.mediaqueue.model.StatusEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.http.MediaType.APPLICATION_JSON;
import static org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON;

@WebMvcTest(StatusController.class)
@Import({StatusSliceBeans.class, PositionSliceBeans.class, StatusViews.class, StatusWaiters.class, LongPolls.class, HoldTimer.class})
class StatusControllerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @Autowired
    MockMvcTester mvc;

    @Autowired
    StatusCache cache;

    @Autowired
    QueueEstimates estimates;

    @Autowired
    StatusWaiters waiters;

    @Autowired
    ApplicationContext context;

    private final List<StatusEvent> jobs = new ArrayList<>();

    private StatusEvent queued;

    @BeforeEach
    void oneQueuedJob() {
        queued = queued(Priority.HIGH, T0);
        cache.apply(queued);
        estimates.refresh();
        StatusSliceBeans.replayCaughtUp(context);
    }

    /** The context outlives the test: its jobs leave the queue, so the next test's job is first in line. */
    @AfterEach
    void finishEveryJob() {
        for (StatusEvent job : jobs) {
            cache.apply(job.next().state(JobState.CANCELLED).seq(99).completedAt(T0).at(T0));
        }
        estimates.refresh();
    }

    @Test
    void knownJobIsAnsweredWithItsFullStatus() {
        MvcTestResult result = status(queued.jobId().toString());

        assertThat(result).hasStatus(HttpStatus.OK).hasContentType(APPLICATION_JSON)
                .hasHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .hasHeader(HttpHeaders.ETAG, "\"0-0-queued-p0\"");
        assertThat(result).bodyJson().isStrictlyEqualTo("""
                {"job_id":"%s","status":"queued","progress":0,"message":"Queued","result":null,"error":null,
                 "error_type":null,"created_at":"2026-01-01T10:00:00Z","started_at":null,"completed_at":null,
                 "updated_at":"2026-01-01T10:00:00Z","media_type":"video","priority":"high","attempt":0,
                 "queue_position":0,"eta_seconds":null,"preview_url":null,"batch_id":null,"poll_after_ms":2000}
                """.formatted(queued.jobId()));
    }

    @Test
    void pollAdviceFollowsTheState() {
        StatusEvent running = queued.next().state(JobState.RUNNING).attempt(1).seq(0).at(T0.plusSeconds(1));
        StatusEvent completed = running.next().state(JobState.COMPLETED).seq(1).progress(100)
                .result(new JobResult("/exports/a.mp4", "video/mp4", 3, Map.of())).completedAt(T0.plusSeconds(2))
                .at(T0.plusSeconds(2));

        cache.apply(running);
        assertThat(status(queued.jobId().toString())).bodyJson().extractingPath("$.poll_after_ms").isEqualTo(1000);
        cache.apply(completed);
        MvcTestResult done = status(queued.jobId().toString());
        // a status with result URLs carries their expiry in the tag: it changes when the signed URLs do
        assertThat(done.getResponse().getHeader(HttpHeaders.ETAG)).matches("\"1-1-completed-u\\d+\"");
        assertThat(done).bodyJson().extractingPath("$.poll_after_ms").isEqualTo(0);
        assertThat(done).bodyJson().extractingPath("$.result.output_url").asString().matches("/exports/a\\.mp4\\?exp=\\d+&sig=[\\w-]+");
    }

    @Test
    void jobsAheadSlowDownThePollAdviceAndChangeTheETag() {
        for (int i = 0; i < 8; i++) {
            cache.apply(queued(Priority.URGENT, T0.plusSeconds(i)));
        }
        estimates.refresh();

        MvcTestResult result = status(queued.jobId().toString());

        assertThat(result).hasHeader(HttpHeaders.ETAG, "\"0-0-queued-p8\"");
        assertThat(result).bodyJson().extractingPath("$.queue_position").isEqualTo(8);
        assertThat(result).bodyJson().extractingPath("$.poll_after_ms").isEqualTo(2000 + 8 * 250);
    }

    @Test
    void unchangedStatusIsA304WithoutBody() {
        MvcTestResult result = mvc.get().uri("/api/job/{id}/status", queued.jobId())
                .header(HttpHeaders.IF_NONE_MATCH, "\"0-0-queued-p0\"").exchange();

        assertThat(result).hasStatus(HttpStatus.NOT_MODIFIED).hasHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .hasHeader(HttpHeaders.ETAG, "\"0-0-queued-p0\"");
        assertThat(result.getResponse().getContentLength()).isZero();
    }

    @Test
    void aWeakETagFromACompressingProxyStillMatches() {
        MvcTestResult result = mvc.get().uri("/api/job/{id}/status", queued.jobId())
                .header(HttpHeaders.IF_NONE_MATCH, "\"other\", W/\"0-0-queued-p0\"").exchange();

        assertThat(result).hasStatus(HttpStatus.NOT_MODIFIED);
    }

    @Test
    void changedStatusIsAnsweredDespiteAnOldETag() {
        cache.apply(queued.next().state(JobState.RUNNING).attempt(1).seq(0).at(T0.plusSeconds(1)));

        MvcTestResult result = mvc.get().uri("/api/job/{id}/status", queued.jobId())
                .header(HttpHeaders.IF_NONE_MATCH, "\"0-0-queued-p0\"").exchange();

        assertThat(result).hasStatus(HttpStatus.OK).hasHeader(HttpHeaders.ETAG, "\"1-0-running\"");
    }

    @Test
    void aMovedQueuePositionIsAChangeToo() {
        cache.apply(queued(Priority.URGENT, T0.plusSeconds(5)));
        estimates.refresh();

        MvcTestResult result = mvc.get().uri("/api/job/{id}/status", queued.jobId())
                .header(HttpHeaders.IF_NONE_MATCH, "\"0-0-queued-p0\"").exchange();

        assertThat(result).hasStatus(HttpStatus.OK).hasHeader(HttpHeaders.ETAG, "\"0-0-queued-p1\"");
    }

    @Test
    void longPollWithAnOutdatedETagAnswersAtOnce() {
        MvcTestResult result = mvc.get().uri("/api/job/{id}/status?wait=30", queued.jobId())
                .header(HttpHeaders.IF_NONE_MATCH, "\"0-0-queued\"").exchange();

        assertThat(result).hasStatus(HttpStatus.OK).hasHeader(HttpHeaders.ETAG, "\"0-0-queued-p0\"");
        assertThat(waiters.size()).isZero();
    }

    @Test
    void longPollIsHeldWithoutAThreadUntilTheStatusChanges() {
        CompletableFuture<MvcTestResult> poll = CompletableFuture.supplyAsync(() ->
                mvc.get().uri("/api/job/{id}/status?wait=30", queued.jobId())
                        .header(HttpHeaders.IF_NONE_MATCH, "\"0-0-queued-p0\"").exchange(Duration.ofSeconds(20)));
        await().atMost(Duration.ofSeconds(10)).until(() -> waiters.size() == 1);
        assertThat(poll).isNotDone();

        cache.apply(queued.next().state(JobState.RUNNING).attempt(1).seq(0).progress(5).at(T0.plusSeconds(1)));

        MvcTestResult result = poll.join();
        assertThat(result).hasStatus(HttpStatus.OK).hasHeader(HttpHeaders.ETAG, "\"1-0-running\"")
                .hasHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        assertThat(result).bodyJson().extractingPath("$.progress").isEqualTo(5);
        await().atMost(Duration.ofSeconds(5)).until(() -> waiters.size() == 0);
    }

    @Test
    void longPollOfAFinishedJobAnswers304AtOnce() {
        StatusEvent cancelled = queued.next().state(JobState.CANCELLED).seq(1).completedAt(T0.plusSeconds(1)).at(T0.plusSeconds(1));
        cache.apply(cancelled);

        MvcTestResult result = mvc.get().uri("/api/job/{id}/status?wait=30", queued.jobId())
                .header(HttpHeaders.IF_NONE_MATCH, "\"0-1-cancelled\"").exchange();

        assertThat(result).hasStatus(HttpStatus.NOT_MODIFIED);
    }

    @Test
    void negativeWaitIsA400Problem() {
        MvcTestResult result = mvc.get().uri("/api/job/{id}/status?wait=-1", queued.jobId()).exchange();

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("wait must be a number of seconds from 0 to 30, was -1");
    }

    @Test
    void nonNumericWaitIsA400Problem() {
        MvcTestResult result = mvc.get().uri("/api/job/{id}/status?wait=soon", queued.jobId()).exchange();

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("'soon' is not a valid wait");
    }

    @Test
    void unknownJobIsA404Problem() {
        UUID unknown = UUID.randomUUID();

        MvcTestResult result = status(unknown.toString());

        assertThat(result).hasStatus(HttpStatus.NOT_FOUND).hasContentType(APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("no job with id " + unknown);
    }

    @Test
    void malformedIdIsA400Problem() {
        MvcTestResult result = status("not-a-uuid");

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("'not-a-uuid' is not a valid id: expected a UUID");
    }

    @Test
    void idsThatOnlyALenientParserTakesAreA400Too() {
        assertThat(status("1-1-1-1-1")).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(status(UUID.randomUUID() + " ")).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(status("3F1C2A9E-8D1B-4F57-9A7E-2C6D0B1E4A55")).hasStatus(HttpStatus.NOT_FOUND);
    }

    private MvcTestResult status(String id) {
        return mvc.get().uri("/api/job/{id}/status", id).exchange();
    }

    private StatusEvent queued(Priority priority, Instant createdAt) {
        StatusEvent event = StatusEvent.queued(new JobMessage(UUID.randomUUID(), MediaType.VIDEO, "wan", "a dog", "en",
                priority, Map.of(), "default", createdAt, null, null));
        jobs.add(event);
        return event;
    }
}
