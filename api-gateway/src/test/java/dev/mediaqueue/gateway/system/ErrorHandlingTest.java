package dev.mediaqueue.gateway.system;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON;

@WebMvcTest(ErrorHandlingTest.FailingController.class)
@Import(ErrorHandlingTest.FailingController.class)
class ErrorHandlingTest {

    @Autowired
    MockMvcTester mvc;

    @Test
    void unknownRouteIsA404Problem() {
        MvcTestResult result = mvc.get().uri("/api/nothing/here").exchange();

        assertThat(result).hasStatus(HttpStatus.NOT_FOUND).hasContentType(APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("nothing here: /api/nothing/here");
    }

    @Test
    void unexpectedFailureIsA500ProblemThatKeepsItsCauseToTheLog() throws Exception {
        MvcTestResult result = mvc.get().uri("/test/fail").exchange();

        assertThat(result).hasStatus(HttpStatus.INTERNAL_SERVER_ERROR).hasContentType(APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("an internal error occurred; it has been logged");
        assertThat(result.getResponse().getContentAsString()).doesNotContain("s3cr3t").doesNotContain("Exception");
    }

    @RestController
    static class FailingController {
        @GetMapping("/test/fail")
        String fail() {
            throw new IllegalStateException("connection string s3cr3t@db");
        }
    }
}
