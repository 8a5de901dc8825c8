package dev.mediaqueue.gateway.history;

import dev.mediaqueue.gateway.status.PollAdvice;
import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON;

@WebMvcTest(HistoryController.class)
@Import({JobHistoryIndex.class, StatusCache.class, PollAdvice.class})
class HistoryControllerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @Autowired
    MockMvcTester mvc;

    @Autowired
    StatusCache cache;

    /** The default tenant's jobs, oldest first: 150 images then one running video. */
    private static List<StatusEvent> jobs;

    private void history() {
        if (jobs != null) {
            return;
        }
        jobs = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            jobs.add(queued("default", MediaType.IMAGE, i));
        }
        StatusEvent video = queued("default", MediaType.VIDEO, 200);
        jobs.add(video.next().state(JobState.RUNNING).attempt(1).seq(0).at(T0.plusSeconds(300)));
        cache.apply(video);
        jobs.forEach(cache::apply);
        cache.apply(queued("someone-else", MediaType.IMAGE, 500));
    }

    @Test
    void newestJobsComeFirstTwentyByDefault() {
        history();

        MvcTestResult result = mvc.get().uri("/api/jobs").exchange();

        assertThat(result).hasStatus(HttpStatus.OK);
        assertThat(result).bodyJson().extractingPath("$.jobs[*].job_id").asArray()
                .containsExactlyElementsOf(newestFirst(20));
        assertThat(result).bodyJson().extractingPath("$.jobs[0].status").isEqualTo("running");
    }

    @Test
    void limitAboveOneHundredIsCut() {
        history();

        assertThat(mvc.get().uri("/api/jobs?limit=500").exchange()).bodyJson()
                .extractingPath("$.jobs.length()").isEqualTo(100);
        assertThat(mvc.get().uri("/api/jobs?limit=3").exchange()).bodyJson()
                .extractingPath("$.jobs.length()").isEqualTo(3);
    }

    @Test
    void statusAndMediaTypeNarrowTheList() {
        history();

        assertThat(mvc.get().uri("/api/jobs?status=running").exchange()).bodyJson()
                .extractingPath("$.jobs[*].job_id").asArray().containsExactly(jobs.get(150).jobId().toString());
        assertThat(mvc.get().uri("/api/jobs?media_type=image&status=queued&limit=2").exchange()).bodyJson()
                .extractingPath("$.jobs[*].job_id").asArray()
                .containsExactly(jobs.get(149).jobId().toString(), jobs.get(148).jobId().toString());
        assertThat(mvc.get().uri("/api/jobs?status=completed").exchange()).bodyJson()
                .extractingPath("$.jobs").asArray().isEmpty();
    }

    @Test
    void invalidFiltersAreA400NamingEveryOne() {
        MvcTestResult result = mvc.get().uri("/api/jobs?status=done&media_type=gif&limit=0").exchange();

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray()
                .containsExactly("status", "media_type", "limit");
        assertThat(result).bodyJson().extractingPath("$.detail").asString()
                .contains("status: must be one of queued, running, completed, failed, cancelled, was 'done'");
        assertThat(mvc.get().uri("/api/jobs?limit=ten").exchange()).hasStatus(HttpStatus.BAD_REQUEST);
    }

    private static List<String> newestFirst(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = jobs.size() - 1; i >= jobs.size() - count; i--) {
            ids.add(jobs.get(i).jobId().toString());
        }
        return ids;
    }

    private static StatusEvent queued(String tenant, MediaType type, int second) {
        return StatusEvent.queued(new JobMessage(UUID.randomUUID(), type, null, "job " + second, null, null, Map.of(),
                tenant, T0.plusSeconds(second), null, null));
    }
}
