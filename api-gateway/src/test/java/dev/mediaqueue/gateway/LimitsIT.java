package dev.mediaqueue.gateway;

import dev.mediaqueue.gateway.security.Caller;
import dev.mediaqueue.gateway.security.TenantLimits;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.model.WireFormat;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.handler.MappedInterceptor;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.http.MediaType.APPLICATION_JSON;
import static org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON;

/**
 * A tenant's cap of queued jobs and its start budget on a real broker: refused starts are 429 problems with
 * {@code Retry-After} and publish nothing; the cap counts the tenant's jobs from the status stream, so jobs
 * another gateway accepted count too.
 *
 * <p>Each request's caller is set by a test interceptor (header {@code X-Test-Tenant}) that runs after whatever
 * authentication put on the request, so the test pins the limits it needs whatever mode the gateway is in.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class LimitsIT {

    /** At most 3 queued; starts unlimited. */
    static final TenantLimits CAPPED = new TenantLimits(0, 0, 0, 0, 3);
    /** 6 starts a minute in bursts of 2; no cap. */
    static final TenantLimits SLOW = new TenantLimits(6, 2, 0, 0, 0);

    @RegisterExtension
    static final GatewayTestBed bed = new GatewayTestBed();
    static final BrokerProbe probe = bed.probe();

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        bed.register(registry);
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void startsBeyondTheQueuedCapAre429AndPublishNothingUntilAJobLeavesTheQueue() throws Exception {
        RestTestClient http = client();
        start(http, "capped-a").expectStatus().isAccepted();
        start(http, "capped-a").expectStatus().isAccepted();
        start(http, "capped-a").expectStatus().isAccepted();
        long depth = probe.jobQueueDepth();

        start(http, "capped-a").expectStatus().isEqualTo(429)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "10")
                .expectHeader().contentType(APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail").isEqualTo("too many jobs waiting: 3 of at most 3 are queued; retry when some have started, or cancel some")
                .jsonPath("$.limit").isEqualTo("queued_jobs")
                .jsonPath("$.job_id").doesNotExist();
        http.post().uri("/api/job/batch").header("X-Test-Tenant", "capped-a").contentType(APPLICATION_JSON)
                .body("{\"items\":[{\"media_type\":\"image\",\"user_input\":\"one more\"}]}").exchange()
                .expectStatus().isEqualTo(429);
        assertThat(probe.jobQueueDepth()).isEqualTo(depth);

        // another tenant is not held up by this one's queue
        start(http, "capped-b").expectStatus().isAccepted();

        // a cancelled job leaves the queue: room for one more
        String queued = queuedJobIds(http, "capped-a").get(0);
        http.post().uri("/api/job/{id}/cancel", queued).header("X-Test-Tenant", "capped-a").exchange()
                .expectStatus().isAccepted();
        start(http, "capped-a").expectStatus().isAccepted();
    }

    @Test
    void jobsAcceptedByAnotherGatewayCountTowardsTheCap() throws Exception {
        RestTestClient http = client();
        Instant now = Instant.now();
        // two jobs another gateway accepted for the tenant: this gateway learns of them from the status stream
        probe.publish(queuedElsewhere("capped-c", now), queuedElsewhere("capped-c", now));
        await().atMost(Duration.ofSeconds(10)).until(() -> queuedJobIds(http, "capped-c").size() == 2);

        start(http, "capped-c").expectStatus().isAccepted();
        start(http, "capped-c").expectStatus().isEqualTo(429)
                .expectBody().jsonPath("$.detail").value(String.class, detail -> assertThat(detail).contains("3 of at most 3"));
    }

    @Test
    void startsOverTheStartBudgetAre429WithTheRefillTimeAndPublishNothing() throws Exception {
        RestTestClient http = client();
        start(http, "slow").expectStatus().isAccepted();
        start(http, "slow").expectStatus().isAccepted();
        long depth = probe.jobQueueDepth();

        start(http, "slow").expectStatus().isEqualTo(429)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, value -> assertThat(Integer.parseInt(value)).isBetween(1, 10))
                .expectBody()
                .jsonPath("$.limit").isEqualTo("start_rate")
                .jsonPath("$.detail").value(String.class, detail -> assertThat(detail)
                        .startsWith("too many job starts: the budget of 6 per minute (bursts of 2) is used up; retry in "));
        assertThat(probe.jobQueueDepth()).isEqualTo(depth);
        RestTestClient management = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build();
        assertThat(management.get().uri("/actuator/prometheus").exchange().expectBody(String.class).returnResult().getResponseBody())
                .contains("mediaqueue_requests_limited_total{limit=\"start_rate\"} 1.0",
                        "mediaqueue_requests_limited_total{limit=\"poll_rate\"} 0.0");
    }

    private static List<String> queuedJobIds(RestTestClient http, String tenant) {
        JsonNode jobs = WireFormat.mapper().readTree(http.get().uri("/api/jobs?status=queued").header("X-Test-Tenant", tenant)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody()).path("jobs");
        return jobs.valueStream().map(job -> job.path("job_id").asString()).toList();
    }

    private RestTestClient client() {
        return RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    private static RestTestClient.ResponseSpec start(RestTestClient http, String tenant) {
        return http.post().uri("/api/job/start").header("X-Test-Tenant", tenant).contentType(APPLICATION_JSON)
                .body("{\"media_type\":\"video\",\"user_input\":\"a long film\"}").exchange();
    }

    private static StatusEvent queuedElsewhere(String tenant, Instant at) {
        return StatusEvent.queued(new JobMessage(UUID.randomUUID(), MediaType.VIDEO, null, "elsewhere", null, Priority.NORMAL,
                Map.of(), tenant, at, null, null));
    }

    @TestConfiguration
    static class TestCallers {
        /** Inside the dispatcher, so after any authentication filter: the caller this test needs, by tenant name. */
        @Bean
        MappedInterceptor testCaller() {
            return new MappedInterceptor(new String[]{"/api/**"}, new HandlerInterceptor() {
                @Override
                public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                    String tenant = request.getHeader("X-Test-Tenant");
                    if (tenant != null) {
                        request.setAttribute(Caller.ATTRIBUTE,
                                Caller.tenant(tenant, Priority.HIGH, tenant.startsWith("capped") ? CAPPED : SLOW));
                    }
                    return true;
                }
            });
        }
    }
}
