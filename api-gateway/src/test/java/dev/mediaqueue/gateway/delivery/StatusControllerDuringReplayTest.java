package dev.mediaqueue.gateway.delivery;

import dev.mediaqueue.gateway.position.PositionSliceBeans;
import dev.mediaqueue.gateway.status.StatusSliceBeans;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON;

/**
 * A gateway whose replay has not caught up must not claim a job does not exist. A context of its own
 * (another property value), so no other test has caught its replay up.
 */
@WebMvcTest(value = {StatusController.class, StatusEventsController.class},
        properties = "mediaqueue.status.replay-retry-after=2s")
@Import({StatusSliceBeans.class, PositionSliceBeans.class, StatusViews.class, StatusWaiters.class, LongPolls.class,
        StatusStreams.class, HoldTimer.class})
class StatusControllerDuringReplayTest {

    @Autowired
    MockMvcTester mvc;

    @Test
    void unknownJobIsA503WithRetryAfterWhileTheReplayRuns() {
        MvcTestResult result = mvc.get().uri("/api/job/{id}/status", UUID.randomUUID()).exchange();

        assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE).hasContentType(APPLICATION_PROBLEM_JSON)
                .hasHeader(HttpHeaders.RETRY_AFTER, "2");
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("still loading");
    }

    @Test
    void anEventStreamOfAnUnknownJobIsRefusedTheSameWay() {
        MvcTestResult result = mvc.get().uri("/api/job/{id}/events", UUID.randomUUID())
                .accept(org.springframework.http.MediaType.TEXT_EVENT_STREAM).exchange();

        assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE).hasContentType(APPLICATION_PROBLEM_JSON)
                .hasHeader(HttpHeaders.RETRY_AFTER, "2");
    }
}
