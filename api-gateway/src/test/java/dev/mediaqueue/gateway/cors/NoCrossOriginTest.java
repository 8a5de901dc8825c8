package dev.mediaqueue.gateway.cors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/** By default no origin is allowed: browsers may call the API only from pages it serves itself. */
@WebMvcTest(CrossOriginTest.Endpoints.class)
@Import({CrossOriginConfiguration.class, CrossOriginTest.Endpoints.class})
class NoCrossOriginTest {

    @Autowired
    MockMvcTester mvc;

    @Test
    void everyPreflightIsRefusedWhenNoOriginIsConfigured() {
        assertThat(mvc.options().uri("/api/job/start").header(HttpHeaders.ORIGIN, "http://localhost:5173")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST").exchange())
                .hasStatus(403).doesNotContainHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }
}
