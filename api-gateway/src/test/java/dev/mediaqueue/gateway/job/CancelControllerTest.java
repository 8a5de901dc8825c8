package dev.mediaqueue.gateway.job;

import dev.mediaqueue.gateway.status.PollAdvice;
import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.gateway.system.BrokerRefusedException;
import dev.mediaqueue.gateway.system.ConfirmedPublisher;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobResult;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.model.Topology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static dev.mediaqueue.gateway.job.JobControllerTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.springframework.http.MediaType.APPLICATION_JSON;

@WebMvcTest(CancelController.class)
@EnableConfigurationProperties(JobProperties.class)
@Import({JobCanceller.class, CancelCommandPublisher.class, StatusCache.class, PollAdvice.class})
class CancelControllerTest {

    private static final Instant T0 = Instant.now().minusSeconds(60);

    @Autowired
    MockMvcTester mvc;

    @Autowired
    StatusCache cache;

    @MockitoBean
    ConfirmedPublisher broker;

    @MockitoBean
    JobMetrics jobMetrics;

    @AfterEach
    void nothingElseWasPublished() {
        verifyNoMoreInteractions(broker);
        reset(broker);
    }

    @Test
    void queuedJobIsCancelledAtOnce() {
        StatusEvent queued = known(queued("default"));

        MvcTestResult result = cancel(queued.jobId());

        assertThat(result).hasStatus(HttpStatus.ACCEPTED).hasContentType(APPLICATION_JSON)
                .hasHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        assertThat(result).bodyJson().isLenientlyEqualTo("""
                {"job_id":"%s","status":"cancelled","message":"Cancelled by the caller","poll_after_ms":0}"""
                .formatted(queued.jobId()));
        verify(broker).publish(eq(Topology.STATUS_EXCHANGE), eq("image.cancelled"), any());
        verify(broker).broadcast(eq(Topology.CONTROL_EXCHANGE), any());
        assertThat(cache.get(queued.jobId()).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void runningJobIsToldToStopAndStaysRunningUntilItsWorkerReports() {
        StatusEvent running = known(queued("default").next().state(JobState.RUNNING).attempt(1).seq(0).progress(30)
                .at(T0.plusSeconds(1)));

        MvcTestResult result = cancel(running.jobId());

        assertThat(result).hasStatus(HttpStatus.ACCEPTED);
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("running");
        verify(broker).broadcast(eq(Topology.CONTROL_EXCHANGE), any());
    }

    @Test
    void finishedJobIsA409WithItsStatus() {
        StatusEvent completed = known(queued("default").next().state(JobState.COMPLETED).attempt(1).seq(2).progress(100)
                .result(new JobResult("/exports/x.png", "image/png", 3, Map.of())).at(T0.plusSeconds(2)));

        MvcTestResult result = cancel(completed.jobId());

        assertProblem(result, HttpStatus.CONFLICT, "is already completed and can no longer be cancelled");
        assertThat(result).bodyJson().extractingPath("$.job.status").isEqualTo("completed");
        assertThat(result).bodyJson().extractingPath("$.job.job_id").isEqualTo(completed.jobId().toString());
        assertThat(result).bodyJson().extractingPath("$.job.result.output_url").asString().startsWith("/exports/x.png?exp=");
    }

    @Test
    void unknownJobIsA404() {
        assertProblem(cancel(UUID.randomUUID()), HttpStatus.NOT_FOUND, "no job with id");
    }

    @Test
    void jobOfAnotherTenantIsA404() {
        assertProblem(cancel(known(queued("someone-else")).jobId()), HttpStatus.NOT_FOUND, "no job with id");
    }

    @Test
    void malformedIdIsA400() {
        assertProblem(mvc.post().uri("/api/job/not-a-uuid/cancel").exchange(), HttpStatus.BAD_REQUEST,
                "'not-a-uuid' is not a valid id: expected a UUID");
    }

    @Test
    void brokerRefusalForARunningJobIsA503WithRetryAfter() {
        StatusEvent running = known(queued("default").next().state(JobState.RUNNING).attempt(1).seq(0).at(T0));
        doThrow(new BrokerRefusedException("no confirm")).when(broker).broadcast(anyString(), any());

        MvcTestResult result = cancel(running.jobId());

        assertProblem(result, HttpStatus.SERVICE_UNAVAILABLE, "the broker did not take the cancel request; nothing changed, retry in 5 s");
        assertThat(result).hasHeader(HttpHeaders.RETRY_AFTER, "5");
        verify(broker).broadcast(anyString(), any());
    }

    @Test
    void getIsA405() {
        assertThat(mvc.get().uri("/api/job/{id}/cancel", UUID.randomUUID()).exchange())
                .hasStatus(HttpStatus.METHOD_NOT_ALLOWED);
    }

    private MvcTestResult cancel(UUID jobId) {
        return mvc.post().uri("/api/job/{id}/cancel", jobId).exchange();
    }

    private StatusEvent known(StatusEvent event) {
        cache.apply(event);
        return event;
    }

    private static StatusEvent queued(String tenant) {
        return StatusEvent.queued(new JobMessage(UUID.randomUUID(), MediaType.IMAGE, null, "a cat", null, null, Map.of(),
                tenant, T0, null, null));
    }
}
