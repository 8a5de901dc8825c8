package dev.mediaqueue.gateway.limits;

import dev.mediaqueue.gateway.security.Caller;
import dev.mediaqueue.gateway.security.TenantLimits;
import dev.mediaqueue.model.Priority;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON;

/** The poll budget over HTTP: which paths pay, and what an empty bucket answers. */
@WebMvcTest(LimitsWebTest.Endpoints.class)
@Import({LimitsConfiguration.class, RateBudgets.class, LimitMetrics.class, LimitsWebTest.Beans.class,
        LimitsWebTest.Endpoints.class})
class LimitsWebTest {

    // one poll a second in bursts of 2
    private static final TenantLimits LIMITS = new TenantLimits(0, 0, 1, 2, 0);

    @Autowired
    MockMvcTester mvc;

    @Autowired
    MeterRegistry registry;

    @Test
    void pollOverTheBudgetIsA429ProblemWithRetryAfter() {
        Caller caller = caller("poller");
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
        Caller caller = caller("mixed");
        UUID id = UUID.randomUUID();
        assertThat(mvc.get().uri("/api/jobs").requestAttr(Caller.ATTRIBUTE, caller).exchange()).hasStatusOk();
        assertThat(mvc.post().uri("/api/job/{id}/cancel", id).requestAttr(Caller.ATTRIBUTE, caller).exchange()).hasStatusOk();

        assertThat(mvc.get().uri("/api/job/batch/{id}", id).requestAttr(Caller.ATTRIBUTE, caller).exchange()).hasStatus(429);
        assertThat(mvc.get().uri("/api/job/{id}/events", id).requestAttr(Caller.ATTRIBUTE, caller).exchange()).hasStatus(429);
    }

    @Test
    void startsAndOtherPathsDoNotSpendThePollBudget() {
        Caller caller = caller("starter");
        for (int i = 0; i < 5; i++) {
            assertThat(mvc.post().uri("/api/job/start").requestAttr(Caller.ATTRIBUTE, caller).exchange()).hasStatusOk();
            assertThat(mvc.get().uri("/api/health/queue").requestAttr(Caller.ATTRIBUTE, caller).exchange()).hasStatusOk();
        }
        assertThat(status(caller, UUID.randomUUID())).hasStatusOk();
    }

    @Test
    void eachCallerHasItsOwnPollBudget() {
        UUID id = UUID.randomUUID();
        Caller first = caller("first");
        status(first, id);
        status(first, id);
        assertThat(status(first, id)).hasStatus(429);

        assertThat(status(caller("second"), id)).hasStatusOk();
    }

    private double limitedPolls() {
        return registry.get("mediaqueue.requests.limited").tag("limit", "poll_rate").counter().count();
    }

    private MvcTestResult status(Caller caller, UUID id) {
        return mvc.get().uri("/api/job/{id}/status", id).requestAttr(Caller.ATTRIBUTE, caller).exchange();
    }

    private static Caller caller(String tenant) {
        return Caller.tenant(tenant, Priority.HIGH, LIMITS);
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
