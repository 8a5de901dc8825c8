package dev.mediaqueue.gateway.health;

import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;
import dev.mediaqueue.model.StatusEvent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.springframework.http.MediaType.APPLICATION_JSON;

@WebMvcTest(QueueHealthController.class)
@Import(StatusCache.class)
class QueueHealthControllerTest {

    private static final Instant CHECKED = Instant.parse("2026-01-01T10:00:00Z");

    @Autowired
    MockMvcTester mvc;

    @Autowired
    StatusCache cache;

    @MockitoBean
    QueuePoller poller;

    @Test
    void brokerUpIsA200WithEveryQueueAndJobsPerState() {
        cache.apply(StatusEvent.queued(new JobMessage(UUID.randomUUID(), MediaType.IMAGE, null, "a cat", null,
                Priority.NORMAL, Map.of(), "default", Instant.now(), null, null)));
        given(poller.current()).willReturn(new QueueSnapshot(true, Map.of(
                MediaType.IMAGE, new QueueSnapshot.Queue(1, 2),
                MediaType.VIDEO, new QueueSnapshot.Queue(7, 0),
                MediaType.AUDIO, new QueueSnapshot.Queue(0, 1)), Map.of(), CHECKED));

        MvcTestResult result = mvc.get().uri("/api/health/queue").exchange();

        assertThat(result).hasStatus(HttpStatus.OK).hasContentType(APPLICATION_JSON)
                .hasHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        assertThat(result).bodyJson().isStrictlyEqualTo("""
                {"broker":"up",
                 "queues":{"image":{"depth":1,"consumers":2,"oldest_age_seconds":0},
                           "video":{"depth":7,"consumers":0,"oldest_age_seconds":0},
                           "audio":{"depth":0,"consumers":1,"oldest_age_seconds":0}},
                 "jobs":{"queued":1,"running":0,"completed":0,"failed":0,"cancelled":0},
                 "checked_at":"2026-01-01T10:00:00Z"}
                """);
    }

    @Test
    void brokerDownIsA503WithoutQueues() {
        given(poller.current()).willReturn(new QueueSnapshot(false, Map.of(), Map.of(), CHECKED));

        MvcTestResult result = mvc.get().uri("/api/health/queue").exchange();

        assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(result).bodyJson().extractingPath("$.broker").isEqualTo("down");
        assertThat(result).bodyJson().extractingPath("$.queues").asMap().isEmpty();
    }

    @Test
    void beforeTheFirstLookTheBrokerCountsAsDown() {
        given(poller.current()).willReturn(QueueSnapshot.NOT_CHECKED);

        MvcTestResult result = mvc.get().uri("/api/health/queue").exchange();

        assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(result).bodyJson().extractingPath("$.checked_at").isNull();
    }
}
