package dev.mediaqueue.gateway.job;

import dev.mediaqueue.gateway.status.PollAdvice;
import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.gateway.system.BrokerRefusedException;
import dev.mediaqueue.gateway.system.ConfirmedPublisher;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.model.Topology;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import dev.mediaqueue.gateway.limits.StartAdmission;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.mediaqueue.gateway.job.JobControllerTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.springframework.http.MediaType.APPLICATION_JSON;

@WebMvcTest(value = BatchController.class, properties = "mediaqueue.gateway.max-batch-size=3")
@Import({JobRequestValidator.class, JobStarter.class, JobCanceller.class, CancelCommandPublisher.class,
        IdempotencyIndex.class, BatchIndex.class, StatusCache.class, PollAdvice.class})
class BatchControllerTest {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    StatusCache cache;

    @MockitoBean
    JobPublisher publisher;

    @MockitoBean
    JobMetrics jobMetrics;

    @MockitoBean
    StartAdmission admission;

    @MockitoBean
    ConfirmedPublisher broker;

    @Test
    void batchIsStartedAsOrdinaryJobsAndRolledUp() {
        MvcTestResult result = startBatch("""
                {"items":[{"media_type":"image","user_input":"one"},
                          {"media_type":"audio","user_input":"two","priority":"high"}]}""");

        ArgumentCaptor<JobMessage> published = ArgumentCaptor.forClass(JobMessage.class);
        verify(publisher, times(2)).publish(published.capture(), any());
        List<JobMessage> jobs = published.getAllValues();
        UUID batchId = jobs.get(0).batchId();
        assertThat(jobs).extracting(JobMessage::batchId).containsOnly(batchId).doesNotContainNull();
        assertThat(jobs).extracting(JobMessage::userInput).containsExactly("one", "two");
        assertThat(result).hasStatus(HttpStatus.ACCEPTED).hasHeader(HttpHeaders.LOCATION, "/api/job/batch/" + batchId);
        assertThat(result).bodyJson().isLenientlyEqualTo("""
                {"batch_id":"%s","job_ids":["%s","%s"],"status_url":"/api/job/batch/%s"}"""
                .formatted(batchId, jobs.get(0).jobId(), jobs.get(1).jobId(), batchId));

        StatusEvent first = cache.get(jobs.get(0).jobId()).orElseThrow();
        cache.apply(first.next().state(JobState.RUNNING).attempt(1).seq(0).progress(10).at(Instant.now()));
        MvcTestResult rollUp = mvc.get().uri("/api/job/batch/{id}", batchId).exchange();

        assertThat(rollUp).hasStatus(HttpStatus.OK).hasHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        assertThat(rollUp).bodyJson().isLenientlyEqualTo("""
                {"batch_id":"%s","total":2,"counts":{"queued":1,"running":1,"completed":0,"failed":0,"cancelled":0},
                 "items":[{"job_id":"%s","status":"running","progress":10,"batch_id":"%s"},
                          {"job_id":"%s","status":"queued","priority":"high"}]}"""
                .formatted(batchId, jobs.get(0).jobId(), batchId, jobs.get(1).jobId()));
    }

    @Test
    void everyItemIsCheckedBeforeAnyIsStarted() {
        MvcTestResult result = startBatch("""
                {"items":[{"media_type":"image","user_input":"fine"},
                          {"media_type":"image","user_input":""},
                          {"media_type":"gif","user_input":"x","start_by":"soon"}]}""");

        assertProblem(result, HttpStatus.BAD_REQUEST, "items[1].user_input: must not be blank");
        assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray()
                .containsExactly("items[1].user_input", "items[2].media_type", "items[2].start_by");
        verify(publisher, never()).publish(any(), any());
    }

    @Test
    void unknownFieldInAnItemIsNamedWithItsPlace() {
        MvcTestResult result = startBatch("{\"items\":[{\"media_type\":\"image\",\"user_input\":\"x\",\"prio\":\"high\"}]}");

        assertProblem(result, HttpStatus.BAD_REQUEST, "unknown field 'items[0].prio'");
        verify(publisher, never()).publish(any(), any());
    }

    @Test
    void batchMustHoldOneToMaxBatchSizeItems() {
        String item = "{\"media_type\":\"image\",\"user_input\":\"x\"}";
        for (String body : List.of("{}", "{\"items\":[]}", "{\"items\":[" + String.join(",", item, item, item, item) + "]}")) {
            MvcTestResult result = startBatch(body);

            assertProblem(result, HttpStatus.BAD_REQUEST, "items: must hold 1 to 3 job requests");
        }
        verify(publisher, never()).publish(any(), any());
    }

    @Test
    void refusalMidwayIsA503AndTheJobsAlreadyStartedAreCancelled() {
        AtomicInteger calls = new AtomicInteger();
        doAnswer(invocation -> {
            if (calls.incrementAndGet() == 3) {
                throw new BrokerRefusedException("queue full");
            }
            return null;
        }).when(publisher).publish(any(), any());

        MvcTestResult result = startBatch("""
                {"items":[{"media_type":"image","user_input":"a"},{"media_type":"image","user_input":"b"},
                          {"media_type":"image","user_input":"c"}]}""");

        assertProblem(result, HttpStatus.SERVICE_UNAVAILABLE, "none was started");
        assertThat(result).hasHeader(HttpHeaders.RETRY_AFTER, "5");
        ArgumentCaptor<JobMessage> published = ArgumentCaptor.forClass(JobMessage.class);
        verify(publisher, times(3)).publish(published.capture(), any());
        assertThat(published.getAllValues().subList(0, 2)).allSatisfy(job ->
                assertThat(cache.get(job.jobId()).orElseThrow().state()).isEqualTo(JobState.CANCELLED));
        verify(broker, times(2)).publish(eq(Topology.STATUS_EXCHANGE), eq("image.cancelled"), any());
        verify(broker, times(2)).broadcast(eq(Topology.CONTROL_EXCHANGE), any());
    }

    @Test
    void unknownBatchIsA404() {
        assertProblem(mvc.get().uri("/api/job/batch/{id}", UUID.randomUUID()).exchange(), HttpStatus.NOT_FOUND,
                "no batch with id");
    }

    @Test
    void batchOfAnotherTenantIsA404() {
        UUID batchId = UUID.randomUUID();
        cache.apply(StatusEvent.queued(new JobMessage(UUID.randomUUID(), MediaType.IMAGE, null, "x", null, null,
                Map.of(), "someone-else", Instant.now(), null, batchId)));

        assertProblem(mvc.get().uri("/api/job/batch/{id}", batchId).exchange(), HttpStatus.NOT_FOUND, "no batch with id");
    }

    @Test
    void malformedBatchIdIsA400() {
        assertProblem(mvc.get().uri("/api/job/batch/nope").exchange(), HttpStatus.BAD_REQUEST, "expected a UUID");
    }

    private MvcTestResult startBatch(String json) {
        return mvc.post().uri("/api/job/batch").contentType(APPLICATION_JSON).content(json).exchange();
    }
}
