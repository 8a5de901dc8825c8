package dev.mediaqueue.gateway.results;

import dev.mediaqueue.gateway.MutableClock;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobResult;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.JobStatusView;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;
import dev.mediaqueue.model.StatusEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ResultUrlsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final byte[] SECRET = "a-test-secret-of-at-least-32-characters".getBytes(StandardCharsets.UTF_8);
    private static final Pattern SIGNED = Pattern.compile("(/exports/[^?]+)\\?(?:v=\\d+&)?exp=(\\d+)&sig=([A-Za-z0-9_-]+)");

    private final MutableClock clock = new MutableClock(T0.plusSeconds(600));
    private final ResultUrls urls = new ResultUrls(SECRET, Duration.ofHours(1), clock);

    private final StatusEvent queued = StatusEvent.queued(new JobMessage(UUID.randomUUID(), MediaType.VIDEO, "demo",
            "x", null, Priority.NORMAL, Map.of(), "alice", T0, null, null));

    @Test
    void aSignedUrlIsValidAtLeastOnePeriodAndAtMostTwo() {
        String url = outputUrl(urls.signed(completed("/exports/a.gif")));

        assertThat(check(url)).isEqualTo(UrlSigner.Verdict.VALID);
        clock.advance(Duration.ofMinutes(109)); // 11:59, the end of the next period
        assertThat(check(url)).isEqualTo(UrlSigner.Verdict.VALID);
        clock.advance(Duration.ofMinutes(1));
        assertThat(check(url)).isEqualTo(UrlSigner.Verdict.EXPIRED);
    }

    @Test
    void theUrlStaysTheSameWithinAPeriodAndChangesWhenItTurns() {
        JobStatusView view = completed("/exports/a.gif");
        ResultUrls.Signed first = urls.sign(view);
        clock.advance(Duration.ofMinutes(49)); // 10:59
        ResultUrls.Signed later = urls.sign(view);
        clock.advance(Duration.ofMinutes(2)); // 11:01
        ResultUrls.Signed nextPeriod = urls.sign(view);

        assertThat(later).isEqualTo(first);
        assertThat(first.version()).isEqualTo("u" + T0.plus(Duration.ofHours(2)).getEpochSecond());
        assertThat(nextPeriod.version()).isNotEqualTo(first.version());
        assertThat(outputUrl(nextPeriod.view())).isNotEqualTo(outputUrl(first.view()));
    }

    @Test
    void aTamperedPathExpiryOrSignatureIsInvalid() {
        Matcher url = SIGNED.matcher(outputUrl(urls.signed(completed("/exports/a.gif"))));
        assertThat(url.matches()).isTrue();

        assertThat(urls.check("/exports/b.gif", url.group(2), url.group(3))).isEqualTo(UrlSigner.Verdict.INVALID);
        assertThat(urls.check(url.group(1), String.valueOf(Long.parseLong(url.group(2)) + 3600), url.group(3)))
                .isEqualTo(UrlSigner.Verdict.INVALID);
        String signature = url.group(3);
        String flipped = (signature.charAt(0) == 'A' ? "B" : "A") + signature.substring(1);
        assertThat(urls.check(url.group(1), url.group(2), flipped)).isEqualTo(UrlSigner.Verdict.INVALID);
        assertThat(urls.check(url.group(1), url.group(2), null)).isEqualTo(UrlSigner.Verdict.INVALID);
        assertThat(urls.check(url.group(1), null, url.group(3))).isEqualTo(UrlSigner.Verdict.INVALID);
        assertThat(urls.check(url.group(1), "-1", url.group(3))).isEqualTo(UrlSigner.Verdict.INVALID);
        assertThat(urls.check(url.group(1), url.group(2), "!!not base64!!")).isEqualTo(UrlSigner.Verdict.INVALID);
    }

    @Test
    void anotherSecretsSignatureIsInvalid() {
        ResultUrls other = new ResultUrls("another-secret-of-at-least-32-characters".getBytes(StandardCharsets.UTF_8),
                Duration.ofHours(1), clock);
        Matcher url = SIGNED.matcher(outputUrl(other.signed(completed("/exports/a.gif"))));
        assertThat(url.matches()).isTrue();

        assertThat(urls.check(url.group(1), url.group(2), url.group(3))).isEqualTo(UrlSigner.Verdict.INVALID);
    }

    @Test
    void furtherOutputsAndThePreviewAreSignedTooAndTheirQueryKept() {
        JobResult result = new JobResult("/exports/a.png", "image/png", 3, Map.of("seed", 7, "outputs", List.of(
                Map.of("url", "/exports/a.png", "content_type", "image/png"),
                Map.of("url", "/exports/a-2.png", "content_type", "image/png"))));
        JobStatusView completed = JobStatusView.of(queued.next().state(JobState.COMPLETED).seq(1).result(result)
                .completedAt(T0).at(T0), null, null, 0);
        JobStatusView running = JobStatusView.of(queued.next().state(JobState.RUNNING).attempt(1).seq(0)
                .previewUrl("/exports/a-preview.jpg?v=3").at(T0), null, null, 1000);

        JobStatusView signed = urls.signed(completed);
        List<?> outputs = (List<?>) signed.result().metadata().get("outputs");
        String preview = urls.signed(running).previewUrl();

        assertThat(signed.result().metadata()).containsEntry("seed", 7);
        assertThat(outputs).extracting(output -> (String) ((Map<?, ?>) output).get("url"))
                .allSatisfy(url -> assertThat(check(url)).isEqualTo(UrlSigner.Verdict.VALID))
                .anySatisfy(url -> assertThat(url).startsWith("/exports/a-2.png?exp="));
        assertThat(preview).startsWith("/exports/a-preview.jpg?v=3&exp=");
        assertThat(check(preview)).isEqualTo(UrlSigner.Verdict.VALID);
    }

    @Test
    void aViewWithoutResultUrlsIsLeftAloneAndHasNoVersion() {
        JobStatusView plain = JobStatusView.of(queued, 3, 40, 2000);
        JobStatusView elsewhere = completed("https://cdn.example/a.gif");

        assertThat(urls.sign(plain)).isEqualTo(new ResultUrls.Signed(plain, null));
        assertThat(outputUrl(urls.signed(elsewhere))).isEqualTo("https://cdn.example/a.gif");
    }

    private UrlSigner.Verdict check(String url) {
        Matcher parts = SIGNED.matcher(url);
        assertThat(parts.matches()).as(url).isTrue();
        return urls.check(parts.group(1), parts.group(2), parts.group(3));
    }

    private JobStatusView completed(String outputUrl) {
        return JobStatusView.of(queued.next().state(JobState.COMPLETED).seq(1)
                .result(new JobResult(outputUrl, "image/gif", 3, Map.of())).completedAt(T0).at(T0), null, null, 0);
    }

    private static String outputUrl(JobStatusView view) {
        return view.result().outputUrl();
    }
}
