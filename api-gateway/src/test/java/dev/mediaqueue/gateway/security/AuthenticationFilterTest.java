package dev.mediaqueue.gateway.security;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON;

/** The filter with two tenants configured, in front of a handler that says who called. */
@WebMvcTest(value = AuthenticationFilterTest.WhoAmI.class, properties = {
        "mediaqueue.security.tenants.alice.key-sha256=" + AuthenticationFilterTest.ALICE_HASH,
        "mediaqueue.security.tenants.alice.max-priority=normal",
        "mediaqueue.security.tenants.bob.key-sha256=" + AuthenticationFilterTest.BOB_HASH})
@Import(AuthenticationFilterTest.WhoAmI.class)
class AuthenticationFilterTest {

    // printf %s alice-key | sha256sum; printf %s bob-key | sha256sum
    static final String ALICE_HASH = "72ee9d4355ccb9d3a4c9dbf37382e38e75c1b1a225b5bd1f729ee91bbda30c20";
    static final String BOB_HASH = "9b94dc1a51a38769f135edf04033ad7f2f487b6c25929be7a861cfc1ab10cf98";

    @RestController
    static class WhoAmI {
        @GetMapping("/api/whoami")
        String whoAmI(Caller caller) {
            return caller.tenant() + " " + caller.maxPriority().wireName() + " " + caller.budgetKey();
        }

        @GetMapping("/api/limits")
        int startsPerMinute(Caller caller) {
            return caller.limits().startsPerMinute();
        }

        /** A handler on a public path that wants a caller: it must never get one for free. */
        @GetMapping("/js/whoami")
        String onAPublicPath(Caller caller) {
            return caller.tenant();
        }
    }

    @Autowired
    MockMvcTester mvc;

    @Test
    void aBearerKeyOrAnXApiKeyIdentifiesItsTenant() {
        assertThat(mvc.get().uri("/api/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer alice-key").exchange())
                .hasStatusOk().hasBodyTextEqualTo("alice normal tenant:alice");
        assertThat(mvc.get().uri("/api/whoami").header(HttpHeaders.AUTHORIZATION, "bearer   bob-key ").exchange())
                .hasStatusOk().hasBodyTextEqualTo("bob high tenant:bob");
        assertThat(mvc.get().uri("/api/whoami").header("X-API-Key", "bob-key").exchange())
                .hasStatusOk().hasBodyTextEqualTo("bob high tenant:bob");
    }

    @Test
    void noKeyIsA401ProblemThatSaysHowToSendOne() {
        for (MvcTestResult result : new MvcTestResult[] {
                mvc.get().uri("/api/whoami").exchange(),
                mvc.get().uri("/api/whoami").header(HttpHeaders.AUTHORIZATION, "Basic YWxpY2U6a2V5").exchange(),
                mvc.get().uri("/api/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer ").exchange(),
                mvc.get().uri("/api/whoami").header("X-API-Key", " ").exchange(),
                mvc.post().uri("/api/job/start").exchange(),
                mvc.get().uri("/no/such/path").exchange()}) {
            assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED).hasContentType(APPLICATION_PROBLEM_JSON)
                    .hasHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"mediaqueue\"");
            assertThat(result).bodyJson().extractingPath("$.detail").asString()
                    .contains("Authorization: Bearer <key>").contains("X-API-Key");
        }
    }

    @Test
    void aWrongKeyInEitherHeaderIsA401WithoutEchoingIt() throws Exception {
        for (MvcTestResult result : new MvcTestResult[] {
                mvc.get().uri("/api/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer mallory-key").exchange(),
                mvc.get().uri("/api/whoami").header("X-API-Key", "mallory-key").exchange(),
                mvc.get().uri("/api/whoami").header("X-API-Key", ALICE_HASH).exchange()}) {
            assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED).hasContentType(APPLICATION_PROBLEM_JSON)
                    .hasHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"mediaqueue\", error=\"invalid_token\"");
            assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("the API key is not valid");
            assertThat(result.getResponse().getContentAsString()).doesNotContain("mallory").doesNotContain(ALICE_HASH);
        }
    }

    @Test
    void theDemoPageAndItsAssetsNeedNoKey() {
        assertThat(mvc.get().uri("/index.html").exchange()).hasStatusOk();
        assertThat(mvc.get().uri("/js/mediaqueue-client.js").exchange()).hasStatusOk();
        assertThat(mvc.get().uri("/css/app.css").exchange()).hasStatusOk();
    }

    @Test
    void aHandlerOnAPublicPathGetsNoCallerWithoutAKey() {
        assertThat(mvc.get().uri("/js/whoami").exchange()).hasStatus(HttpStatus.UNAUTHORIZED)
                .hasContentType(APPLICATION_PROBLEM_JSON);
        assertThat(mvc.get().uri("/js/whoami").header("X-API-Key", "alice-key").exchange()).hasStatus(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void aCorsPreflightPassesWithoutAKey() {
        MvcTestResult preflight = mvc.options().uri("/api/whoami").header(HttpHeaders.ORIGIN, "https://app.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET").exchange();

        assertThat(preflight.getResponse().getStatus()).isNotEqualTo(401);
    }

    @Test
    void publicPathsAreMatchedAsTheServerNormalizedThem() {
        assertThat(AuthenticationFilter.isPublic(request("/css/../api/jobs", "/api/jobs"))).isFalse();
        assertThat(AuthenticationFilter.isPublic(request("/css/app.css", "/css/app.css"))).isTrue();
        assertThat(AuthenticationFilter.isPublic(request("/actuator/health/readiness", "/actuator/health/readiness"))).isTrue();
        assertThat(AuthenticationFilter.isPublic(request("/actuator/prometheus", "/actuator/prometheus"))).isFalse();
        assertThat(AuthenticationFilter.isPublic(request("/exports/x.png", "/exports/x.png"))).isTrue();
        assertThat(AuthenticationFilter.isPublic(request("/api/jobs", "/api/jobs"))).isFalse();
    }

    private static MockHttpServletRequest request(String uri, String normalizedPath) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
        request.setServletPath(normalizedPath);
        return request;
    }
}
