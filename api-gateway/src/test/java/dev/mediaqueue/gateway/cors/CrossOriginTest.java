package dev.mediaqueue.gateway.cors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON;

@WebMvcTest(value = CrossOriginTest.Endpoints.class,
        properties = "mediaqueue.security.cors.allowed-origins=https://app.example.com,http://localhost:5173")
@Import({CrossOriginConfiguration.class, CrossOriginTest.Endpoints.class})
class CrossOriginTest {

    private static final String FRONTEND = "https://app.example.com";

    @Autowired
    MockMvcTester mvc;

    @Test
    void preflightFromTheFrontendAllowsTheClientsMethodsAndHeaders() {
        MvcTestResult result = mvc.options().uri("/api/job/start")
                .header(HttpHeaders.ORIGIN, FRONTEND)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization, x-api-key, idempotency-key, prefer, content-type")
                .exchange();

        assertThat(result).hasStatusOk()
                .hasHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, FRONTEND)
                .hasHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "1800");
        assertThat(result.getResponse().getHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS)).contains("POST");
        assertThat(result.getResponse().getHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS).toLowerCase())
                .contains("authorization", "x-api-key", "idempotency-key", "prefer", "content-type");
        assertThat(result.getResponse().getHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS)).isNull();
    }

    @Test
    void preflightForPollsAllowsConditionalAndResumingHeaders() {
        MvcTestResult result = mvc.options().uri("/api/job/3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55/status")
                .header(HttpHeaders.ORIGIN, "http://localhost:5173")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "if-none-match, last-event-id, x-api-key")
                .exchange();

        assertThat(result).hasStatusOk().hasHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://localhost:5173");
    }

    @Test
    void answerToTheFrontendExposesTheHeadersTheClientReads() {
        MvcTestResult result = mvc.post().uri("/api/job/start").header(HttpHeaders.ORIGIN, FRONTEND).exchange();

        assertThat(result).hasStatus(202).hasHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, FRONTEND);
        assertThat(result.getResponse().getHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS))
                .contains("ETag", "Location", "Retry-After");
    }

    @Test
    void preflightFromAnotherOriginIsA403Problem() {
        MvcTestResult result = mvc.options().uri("/api/job/start")
                .header(HttpHeaders.ORIGIN, "https://evil.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .exchange();

        assertThat(result).hasStatus(403).hasContentTypeCompatibleWith(APPLICATION_PROBLEM_JSON)
                .doesNotContainHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
        assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo(OriginCheckingCorsProcessor.REFUSED);
    }

    @Test
    void preflightAskingForAnotherMethodOrHeaderIsRefused() {
        assertThat(mvc.options().uri("/api/job/start").header(HttpHeaders.ORIGIN, FRONTEND)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "DELETE").exchange()).hasStatus(403);
        assertThat(mvc.options().uri("/api/job/start").header(HttpHeaders.ORIGIN, FRONTEND)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "x-forwarded-for").exchange()).hasStatus(403);
    }

    @Test
    void requestFromAnotherOriginGetsNoCorsHeadersSoTheBrowserHidesTheAnswer() {
        MvcTestResult result = mvc.get().uri("/api/jobs").header(HttpHeaders.ORIGIN, "https://evil.example").exchange();

        assertThat(result).hasStatusOk().doesNotContainHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
        assertThat(result.getResponse().getHeaders(HttpHeaders.VARY)).contains(HttpHeaders.ORIGIN);
    }

    @Test
    void sameOriginRequestsAreUntouched() {
        MvcTestResult result = mvc.get().uri("/api/jobs").exchange();

        assertThat(result).hasStatusOk().doesNotContainHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }

    @Test
    void originWithAPathIsAConfigurationError() {
        assertThatIllegalArgumentException().isThrownBy(() ->
                new CorsProperties(java.util.List.of("https://app.example.com/"), java.time.Duration.ofMinutes(1)));
    }

    @RestController
    static class Endpoints {
        @PostMapping("/api/job/start")
        ResponseEntity<String> start() {
            return ResponseEntity.accepted().location(URI.create("/api/job/x/status")).body("{}");
        }

        @GetMapping({"/api/jobs", "/api/job/*/status"})
        String list() {
            return "{}";
        }
    }
}
