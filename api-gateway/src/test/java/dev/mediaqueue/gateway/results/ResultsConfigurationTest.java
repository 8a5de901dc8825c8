package dev.mediaqueue.gateway.results;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.stereotype.Controller;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON;

/** Serves files without any controller: only the resource handler, the signature check and the error handling. */
@WebMvcTest(excludeFilters = @ComponentScan.Filter(Controller.class),
        properties = "mediaqueue.security.url-signing-secret=" + ResultsConfigurationTest.SECRET)
class ResultsConfigurationTest {

    static final String SECRET = "a-test-secret-of-at-least-32-characters";

    private static final Path ROOT = createFiles();

    @Autowired
    MockMvcTester mvc;

    @Autowired
    ResultUrls urls;

    @DynamicPropertySource
    static void resultsDir(DynamicPropertyRegistry registry) {
        registry.add("mediaqueue.results.dir", () -> ROOT.resolve("results").toString());
    }

    @Test
    void resultFilesAreServedWithTheirContentType() {
        assertType("job.png", "image/png");
        assertType("job.gif", "image/gif");
        assertType("job.jpg", "image/jpeg");
        assertType("job.mp4", "video/mp4");
        assertType("job.webm", "video/webm");
        // .wav → audio/wav comes from server.mime-mappings, which only a real Tomcat applies: JobPathIT checks it
        assertType("job.json", "application/json");
    }

    @Test
    void rangeRequestGetsPartOfTheFile() {
        MvcTestResult result = mvc.get().uri(URI.create(signed("/exports/job.mp4"))).header(HttpHeaders.RANGE, "bytes=2-5").exchange();

        assertThat(result).hasStatus(HttpStatus.PARTIAL_CONTENT)
                .hasHeader(HttpHeaders.CONTENT_RANGE, "bytes 2-5/10")
                .hasHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        assertThat(result).hasBodyTextEqualTo("2345");
    }

    @Test
    void missingFileIsA404Problem() {
        MvcTestResult result = mvc.get().uri(URI.create(signed("/exports/nothing.png"))).exchange();

        assertThat(result).hasStatus(HttpStatus.NOT_FOUND).hasContentType(APPLICATION_PROBLEM_JSON);
    }

    @Test
    void pathsOutsideTheResultDirectoryAreNotServed() {
        for (String path : new String[] {"/exports/../secret.txt", "/exports/%2e%2e/secret.txt",
                "/exports/..%2fsecret.txt", "/exports/%2e%2e%2fsecret.txt", "/exports/sub/../../secret.txt"}) {
            MvcTestResult result = mvc.get().uri(URI.create(path)).exchange();
            assertThat(result.getResponse().getStatus()).as(path).isIn(400, 404);
            assertThat(new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8)).as(path)
                    .doesNotContain("top secret");
        }
    }

    @Test
    void anUnsignedOrTamperedUrlIsA404LikeAMissingFile() {
        String good = signed("/exports/job.png");
        assertThat(mvc.get().uri(URI.create(good)).exchange()).hasStatus(HttpStatus.OK);

        for (String url : new String[] {"/exports/job.png", good.replace("/exports/job.png", "/exports/job.gif"),
                good.replaceAll("exp=(\\d+)", "exp=9$1"), good.replaceAll("sig=.", "sig=A"), good + "x",
                "/exports/job.png?exp=99999999999&sig=", "/exports/job.png?exp=soon&sig=abc"}) {
            MvcTestResult result = mvc.get().uri(URI.create(url)).exchange();
            assertThat(result).as(url).hasStatus(HttpStatus.NOT_FOUND).hasContentType(APPLICATION_PROBLEM_JSON);
            assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("signed");
        }
    }

    @Test
    void anExpiredSignatureIsA403SayingWhereToGetAFreshOne() {
        long past = Instant.now().minusSeconds(5).getEpochSecond();
        String expired = new UrlSigner(SECRET.getBytes(StandardCharsets.UTF_8)).sign("/exports/job.png", past);

        MvcTestResult result = mvc.get().uri(URI.create(expired)).exchange();

        assertThat(result).hasStatus(HttpStatus.FORBIDDEN).hasContentType(APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("expired").contains("status");
    }

    @Test
    void aSignedUrlOfAPathOutsideTheDirectoryIsStillNotServed() {
        for (String path : new String[] {"/exports/../secret.txt", "/exports/%2e%2e/secret.txt", "/exports/..%2fsecret.txt"}) {
            MvcTestResult result = mvc.get().uri(URI.create(signed(path))).exchange();
            assertThat(result.getResponse().getStatus()).as(path).isIn(400, 404);
            assertThat(new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8)).as(path)
                    .doesNotContain("top secret");
        }
    }

    private String signed(String path) {
        return new UrlSigner(SECRET.getBytes(StandardCharsets.UTF_8)).sign(path, urls.expiresNow());
    }

    private void assertType(String file, String contentType) {
        assertThat(mvc.get().uri(URI.create(signed("/exports/" + file))).exchange()).as(file)
                .hasStatus(HttpStatus.OK).hasContentType(contentType);
    }

    private static Path createFiles() {
        try {
            Path root = Files.createTempDirectory("results-test");
            Path results = Files.createDirectories(root.resolve("results"));
            for (String file : new String[] {"job.png", "job.gif", "job.jpg", "job.mp4", "job.webm", "job.wav", "job.json"}) {
                Files.writeString(results.resolve(file), "0123456789");
            }
            Files.writeString(root.resolve("secret.txt"), "top secret");
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
