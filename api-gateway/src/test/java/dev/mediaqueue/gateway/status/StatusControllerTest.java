package dev.mediaqueue.gateway.status;

import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobResult;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;
import dev.mediaqueue.model.StatusEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.MediaType.APPLICATION_JSON;
import static org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON;

@WebMvcTest(StatusController.class)
@Import({StatusCache.class, StatusReplay.class, PollAdvice.class})
class StatusControllerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @Autowired
    MockMvcTester mvc;

    @Autowired
    StatusCache cache;

    @Autowired
    StatusReplay replay;

    private StatusEvent queued;

    @BeforeEach
    void oneQueuedJob() {
        queued = StatusEvent.queued(new JobMessage(UUID.randomUUID(), MediaType.VIDEO, "wan", "a dog", "en",
                Priority.HIGH, Map.of(), "default", T0, null, null));
        cache.apply(queued);
        replay.markerSeen(replay.instanceId());
    }

    @Test
    void knownJobIsAnsweredWithItsFullStatus() {
        MvcTestResult result = status(queued.jobId().toString());

        assertThat(result).hasStatus(HttpStatus.OK).hasContentType(APPLICATION_JSON)
                .hasHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .hasHeader(HttpHeaders.ETAG, "\"0-0-queued\"");
        assertThat(result).bodyJson().isStrictlyEqualTo("""
                {"job_id":"%s","status":"queued","progress":0,"message":"Queued","result":null,"error":null,
                 "error_type":null,"created_at":"2026-01-01T10:00:00Z","started_at":null,"completed_at":null,
                 "updated_at":"2026-01-01T10:00:00Z","media_type":"video","priority":"high","attempt":0,
                 "queue_position":null,"eta_seconds":null,"preview_url":null,"batch_id":null,"poll_after_ms":2000}
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
        assertThat(done).hasHeader(HttpHeaders.ETAG, "\"1-1-completed\"");
        assertThat(done).bodyJson().extractingPath("$.poll_after_ms").isEqualTo(0);
        assertThat(done).bodyJson().extractingPath("$.result.output_url").isEqualTo("/exports/a.mp4");
    }

    @Test
    void unchangedStatusIsA304WithoutBody() {
        MvcTestResult result = mvc.get().uri("/api/job/{id}/status", queued.jobId())
                .header(HttpHeaders.IF_NONE_MATCH, "\"0-0-queued\"").exchange();

        assertThat(result).hasStatus(HttpStatus.NOT_MODIFIED);
        assertThat(result.getResponse().getContentLength()).isZero();
    }

    @Test
    void changedStatusIsAnsweredDespiteAnOldETag() {
        cache.apply(queued.next().state(JobState.RUNNING).attempt(1).seq(0).at(T0.plusSeconds(1)));

        MvcTestResult result = mvc.get().uri("/api/job/{id}/status", queued.jobId())
                .header(HttpHeaders.IF_NONE_MATCH, "\"0-0-queued\"").exchange();

        assertThat(result).hasStatus(HttpStatus.OK).hasHeader(HttpHeaders.ETAG, "\"1-0-running\"");
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

    private MvcTestResult status(String id) {
        return mvc.get().uri("/api/job/{id}/status", id).exchange();
    }
}
