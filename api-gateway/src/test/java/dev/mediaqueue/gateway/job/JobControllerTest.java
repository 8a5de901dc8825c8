package dev.mediaqueue.gateway.job;

import dev.mediaqueue.gateway.delivery.FinishWait;
import dev.mediaqueue.gateway.delivery.HoldTimer;
import dev.mediaqueue.gateway.delivery.StatusWaiters;
import dev.mediaqueue.gateway.status.PollAdvice;
import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.gateway.system.BrokerRefusedException;
import dev.mediaqueue.gateway.system.ConfirmedPublisher;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;
import org.junit.jupiter.api.AfterEach;
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

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.springframework.http.MediaType.APPLICATION_JSON;
import static org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON;
import static org.springframework.http.MediaType.TEXT_PLAIN;

@WebMvcTest(value = JobController.class, properties = "mediaqueue.gateway.config-media-types.flux-dev=image")
@Import({JobRequestValidator.class, JobStarter.class, JobCanceller.class, CancelCommandPublisher.class,
        IdempotencyIndex.class, StatusCache.class, PollAdvice.class, FinishWait.class, StatusWaiters.class, HoldTimer.class})
class JobControllerTest {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    StatusCache statusCache;

    @MockitoBean
    JobPublisher publisher;

    @MockitoBean
    JobMetrics jobMetrics;

    @MockitoBean
    StartAdmission admission;

    @MockitoBean
    ConfirmedPublisher confirmedPublisher;

    @AfterEach
    void nothingElseWasPublished() {
        verifyNoMoreInteractions(publisher);
    }

    @Test
    void acceptedJobIsPublishedAndAnsweredWithWhereToFollowIt() {
        MvcTestResult result = start("""
                {"media_type":"video","config_id":"wan-2.1","user_input":"a dog","language":"en","priority":"high",
                 "params":{"steps":30}}""");

        ArgumentCaptor<JobMessage> published = ArgumentCaptor.forClass(JobMessage.class);
        verify(publisher).publish(published.capture(), any());
        JobMessage job = published.getValue();
        assertThat(job.mediaType()).isEqualTo(MediaType.VIDEO);
        assertThat(job.priority()).isEqualTo(Priority.HIGH);
        assertThat(job.tenant()).isEqualTo("default");
        assertThat(job.params()).isEqualTo(Map.of("steps", 30));

        String base = "/api/job/" + job.jobId();
        assertThat(result).hasStatus(HttpStatus.ACCEPTED).hasContentType(APPLICATION_JSON)
                .hasHeader(HttpHeaders.LOCATION, base + "/status");
        assertThat(result).bodyJson().isLenientlyEqualTo("""
                {"job_id":"%s","status":"queued","status_url":"%s/status","events_url":"%s/events",
                 "cancel_url":"%s/cancel","poll_after_ms":2000}""".formatted(job.jobId(), base, base, base));
        assertThat(statusCache.get(job.jobId())).hasValueSatisfying(event -> assertThat(event.state()).isEqualTo(JobState.QUEUED));
    }

    @Test
    void mediaTypeMayComeFromTheConfigId() {
        assertThat(start("{\"config_id\":\"flux-dev\",\"user_input\":\"a cat\"}")).hasStatus(HttpStatus.ACCEPTED);

        ArgumentCaptor<JobMessage> published = ArgumentCaptor.forClass(JobMessage.class);
        verify(publisher).publish(published.capture(), any());
        assertThat(published.getValue().mediaType()).isEqualTo(MediaType.IMAGE);
    }

    @Test
    void brokerRefusalIsA503WithRetryAfterAndNoJobId() {
        doThrow(new BrokerRefusedException("queue full")).when(publisher).publish(any(), any());
        int knownJobs = statusCache.size();

        MvcTestResult result = start("{\"media_type\":\"image\",\"user_input\":\"a cat\"}");

        verify(publisher).publish(any(), any());
        assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE).hasContentType(APPLICATION_PROBLEM_JSON)
                .hasHeader(HttpHeaders.RETRY_AFTER, "5");
        assertThat(result).bodyJson().doesNotHavePath("$.job_id");
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("retry");
        assertThat(statusCache.size()).as("no job recorded").isEqualTo(knownJobs);
    }

    @Test
    void startByIsHandedToTheJob() {
        Instant startBy = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);

        assertThat(start("{\"media_type\":\"image\",\"user_input\":\"a cat\",\"start_by\":\"" + startBy + "\"}"))
                .hasStatus(HttpStatus.ACCEPTED);

        ArgumentCaptor<JobMessage> published = ArgumentCaptor.forClass(JobMessage.class);
        verify(publisher).publish(published.capture(), any());
        assertThat(published.getValue().startBy()).isEqualTo(startBy);
    }

    @Test
    void startByInThePastIsA400NamingIt() {
        MvcTestResult result = start("{\"media_type\":\"image\",\"user_input\":\"a cat\",\"start_by\":\"2020-01-01T00:00:00Z\"}");

        assertProblem(result, HttpStatus.BAD_REQUEST, "start_by: must be in the future");
        assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("start_by");
    }

    @Test
    void sameIdempotencyKeyAndRequestStartOneJobAndAnswerItsStatusTheSecondTime() {
        MvcTestResult first = start("{\"media_type\":\"image\",\"user_input\":\"a cat\"}", "order-42");
        MvcTestResult second = start("""
                { "user_input" : "a cat",
                  "priority": "normal", "media_type": "image" }""", "order-42");

        ArgumentCaptor<JobMessage> published = ArgumentCaptor.forClass(JobMessage.class);
        verify(publisher).publish(published.capture(), any());
        UUID jobId = published.getValue().jobId();
        assertThat(first).hasStatus(HttpStatus.ACCEPTED);
        assertThat(second).hasStatus(HttpStatus.OK).hasHeader(HttpHeaders.LOCATION, "/api/job/" + jobId + "/status");
        assertThat(second).bodyJson().isLenientlyEqualTo("""
                {"job_id":"%s","status":"queued","media_type":"image","priority":"normal","poll_after_ms":2000}"""
                .formatted(jobId));
    }

    @Test
    void sameIdempotencyKeyWithAnotherRequestIsA422() {
        start("{\"media_type\":\"image\",\"user_input\":\"a cat\"}", "order-43");

        MvcTestResult reused = start("{\"media_type\":\"image\",\"user_input\":\"a dog\"}", "order-43");

        verify(publisher).publish(any(), any());
        assertProblem(reused, HttpStatus.UNPROCESSABLE_ENTITY, "Idempotency-Key 'order-43' already started job");
    }

    @Test
    void malformedIdempotencyKeyIsA400NamingTheHeader() {
        for (String key : new String[]{"", "two words", "k".repeat(256), "ключ"}) {
            MvcTestResult result = start("{\"media_type\":\"image\",\"user_input\":\"a cat\"}", key);

            assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
            assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("Idempotency-Key");
        }
    }

    @Test
    void invalidJsonIsA400() {
        assertProblem(start("{\"media_type\":\"image\","), HttpStatus.BAD_REQUEST, "malformed JSON body");
    }

    @Test
    void missingBodyIsA400() {
        assertProblem(mvc.post().uri("/api/job/start").contentType(APPLICATION_JSON).exchange(),
                HttpStatus.BAD_REQUEST, "the request body is missing");
    }

    @Test
    void bodyThatIsNotAnObjectIsA400() {
        assertProblem(start("[\"image\"]"), HttpStatus.BAD_REQUEST, "the request body must be a JSON object");
    }

    @Test
    void missingFieldsAreListed() {
        MvcTestResult result = start("{}");

        assertProblem(result, HttpStatus.BAD_REQUEST, "media_type: is required");
        assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray()
                .containsExactlyInAnyOrder("media_type", "user_input");
    }

    @Test
    void unknownMediaTypeIsA400NamingTheAllowedValues() {
        MvcTestResult result = start("{\"media_type\":\"hologram\",\"user_input\":\"a cat\"}");

        assertProblem(result, HttpStatus.BAD_REQUEST, "media_type: must be one of image, video, audio, was 'hologram'");
        assertThat(result).bodyJson().extractingPath("$.errors[0]").isEqualTo(
                Map.of("field", "media_type", "detail", "must be one of image, video, audio, was 'hologram'"));
    }

    @Test
    void unknownPriorityIsA400() {
        assertProblem(start("{\"media_type\":\"image\",\"user_input\":\"a cat\",\"priority\":\"asap\"}"),
                HttpStatus.BAD_REQUEST, "priority: must be one of low, normal, high, urgent");
    }

    @Test
    void promptOverTheLimitIsA400() {
        String prompt = "x".repeat(4001);
        assertProblem(start("{\"media_type\":\"image\",\"user_input\":\"" + prompt + "\"}"),
                HttpStatus.BAD_REQUEST, "user_input: must be at most 4000 characters, was 4001");
    }

    @Test
    void unknownFieldIsA400NamingIt() {
        MvcTestResult result = start("{\"media_type\":\"image\",\"user_input\":\"a cat\",\"prio\":\"high\"}");

        assertProblem(result, HttpStatus.BAD_REQUEST, "unknown field 'prio'");
        assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("prio");
    }

    @Test
    void fieldOfTheWrongJsonTypeIsA400NamingIt() {
        assertProblem(start("{\"media_type\":\"image\",\"user_input\":{\"text\":\"a cat\"}}"),
                HttpStatus.BAD_REQUEST, "user_input: has the wrong JSON type");
    }

    @Test
    void oversizedBodyIsA413() {
        String body = "{\"media_type\":\"image\",\"user_input\":\"" + "x".repeat(70_000) + "\"}";
        assertProblem(start(body), HttpStatus.CONTENT_TOO_LARGE, "the request body is larger than 65536 bytes");
    }

    @Test
    void wrongContentTypeIsA415() {
        assertProblem(mvc.post().uri("/api/job/start").contentType(TEXT_PLAIN).content("a cat").exchange(),
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type 'text/plain' is not supported");
    }

    @Test
    void wrongMethodIsA405() {
        MvcTestResult result = mvc.get().uri("/api/job/start").exchange();

        assertProblem(result, HttpStatus.METHOD_NOT_ALLOWED, "Method 'GET' is not supported");
        assertThat(result).hasHeader(HttpHeaders.ALLOW, "POST");
    }

    private MvcTestResult start(String json) {
        return mvc.post().uri("/api/job/start").contentType(APPLICATION_JSON).content(json).exchange();
    }

    private MvcTestResult start(String json, String idempotencyKey) {
        return mvc.post().uri("/api/job/start").header("Idempotency-Key", idempotencyKey).contentType(APPLICATION_JSON)
                .content(json).exchange();
    }

    static void assertProblem(MvcTestResult result, HttpStatus status, String detail) {
        assertThat(result).hasStatus(status).hasContentType(APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(status.value());
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(detail);
        assertThat(result).bodyJson().doesNotHavePath("$.trace");
    }
}
