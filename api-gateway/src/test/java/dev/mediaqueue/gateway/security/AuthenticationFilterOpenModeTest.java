package dev.mediaqueue.gateway.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/** Without tenants every request is the open-mode tenant's, its budgets counted per client address. */
@WebMvcTest(value = AuthenticationFilterTest.WhoAmI.class, properties = "mediaqueue.security.open-limits.starts-per-minute=7")
@Import(AuthenticationFilterTest.WhoAmI.class)
@ExtendWith(OutputCaptureExtension.class)
class AuthenticationFilterOpenModeTest {

    @Autowired
    MockMvcTester mvc;

    @Test
    void everyRequestIsTheDefaultTenantsWithOpenLimitsPerAddress() {
        assertThat(mvc.get().uri("/api/whoami").with(request -> {
            request.setRemoteAddr("203.0.113.9");
            return request;
        }).exchange()).hasStatusOk().hasBodyTextEqualTo("default urgent ip:203.0.113.9");
        assertThat(mvc.get().uri("/api/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer anything").exchange())
                .hasStatusOk().hasBodyTextEqualTo("default urgent ip:127.0.0.1");
        assertThat(mvc.get().uri("/api/limits").exchange()).hasStatusOk().hasBodyTextEqualTo("7");
    }

    @Test
    void theStartWarnsThatOpenModeMustNeverBeExposed(CapturedOutput output) {
        assertThat(mvc.get().uri("/api/whoami").exchange()).hasStatusOk();

        assertThat(output.getAll()).contains("WARN").contains("OPEN MODE").contains("never expose");
    }
}
