package dev.mediaqueue.gateway.limits;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON;

/**
 * The poll budget over HTTP: which paths pay, and what an empty bucket answers. The gateway runs in open mode
 * here, so the authentication filter makes every client address a caller with the open-mode limits.
 */
@WebMvcTest(value = LimitsWebTest.Endpoints.class, properties = {
        "mediaqueue.security.open-limits.polls-per-second=1", "mediaqueue.security.open-limits.poll-burst=2"})
@Import({LimitsConfiguration.class, RateBudgets.class, LimitMetrics.class, LimitsWebTest.Beans.class,
        LimitsWebTest.Endpoints.class})
class LimitsWebTest {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    MeterRegistry registry;

    @Test
    void pollOverTheBudgetIsA429ProblemWithRetryAfter() {
        String caller = caller("poller");
        UUID id = UUID.randomUUID();
        double limitedBefore = limitedPolls();
        assertThat(status(caller, id)).hasStatusOk();
        assertThat(status(caller, id)).hasStatusOk();

        MvcTestResult refused = status(caller, id);

        assertThat(refused).hasStatus(429).hasContentTypeCompatibleWith(APPLICATION_PROBLEM_JSON)
                .hasHeader(HttpHeaders.RETRY_AFTER, "1");
        assertThat(refused).bodyJson().extractingPath("$.detail").asString()
                .startsWith("too many requests: the budget of 1 status, history and result requests per second");
        assertThat(refused).bodyJson().extractingPath("$.limit").isEqualTo("poll_rate");
        assertThat(limitedPolls()).isEqualTo(limitedBefore + 1);
    }

    @Test
    void historyBatchStatusEventsAndCancelsShareThePollBudget() {
        String caller = caller("mixed");
        UUID id = UUID.randomUUID();
        assertThat(mvc.get().uri("/api/jobs").with(from(caller)).exchange()).hasStatusOk();
        assertThat(mvc.post().uri("/api/job/{id}/cancel", id).with(from(caller)).exchange()).hasStatusOk();

        assertThat(mvc.get().uri("/api/job/batch/{id}", id).with(from(caller)).exchange()).hasStatus(429);
        assertThat(mvc.get().uri("/api/job/{id}/events", id).with(from(caller)).exchange()).hasStatus(429);
    }

    @Test
    void startsAndOtherPathsDoNotSpendThePollBudget() {
        String caller = caller("starter");
        for (int i = 0; i < 5; i++) {
            assertThat(mvc.post().uri("/api/job/start").with(from(caller)).exchange()).hasStatusOk();
            assertThat(mvc.get().uri("/api/health/queue").with(from(caller)).exchange()).hasStatusOk();
        }
        assertThat(status(caller, UUID.randomUUID())).hasStatusOk();
    }

    @Test
    void eachCallerHasItsOwnPollBudget() {
        UUID id = UUID.randomUUID();
        String first = caller("first");
        status(first, id);
        status(first, id);
        assertThat(status(first, id)).hasStatus(429);

        assertThat(status(caller("second"), id)).hasStatusOk();
    }

    private double limitedPolls() {
        return registry.get("mediaqueue.requests.limited").tag("limit", "poll_rate").counter().count();
    }

    private MvcTestResult status(String caller, UUID id) {
        return mvc.get().uri("/api/job/{id}/status", id).with(from(caller)).exchange();
    }

    /** A client address of its own for each test, so each starts with a full bucket. */
    private static String caller(String name) {
        return "192.0.2." + (Math.abs(name.hashCode()) % 250 + 1);
    }

    private static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    /** Stand-ins for the real controllers: the budget is decided before a handler runs. */
    @RestController
    static class Endpoints {
        @GetMapping({"/api/job/{id}/status", "/api/job/{id}/events", "/api/job/batch/{id}"})
        String poll(@PathVariable UUID id) {
            return "ok";
        }

        @PostMapping("/api/job/{id}/cancel")
        String cancel(@PathVariable UUID id) {
            return "ok";
        }

        @GetMapping({"/api/jobs", "/api/health/queue"})
        String list() {
            return "ok";
        }

        @PostMapping("/api/job/start")
        String start() {
            return "ok";
        }
    }

    @TestConfiguration
    static class Beans {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
