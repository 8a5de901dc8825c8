package dev.mediaqueue.gateway.delivery;

import dev.mediaqueue.gateway.results.ResultUrls;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobResult;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.JobStatusView;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;
import dev.mediaqueue.model.StatusEvent;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TaggedStatusTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final ResultUrls urls = new ResultUrls(new byte[32], Duration.ofHours(1), Clock.fixed(T0, ZoneOffset.UTC));

    private final StatusEvent queued = StatusEvent.queued(new JobMessage(UUID.randomUUID(), MediaType.IMAGE, "demo",
            "x", null, Priority.NORMAL, Map.of(), "default", T0, null, null));

    @Test
    void tagNamesAttemptSeqStateAndTheEstimates() {
        assertThat(tagged(queued, null, null).eventId()).isEqualTo("0-0-queued");
        assertThat(tagged(queued, 3, null).eventId()).isEqualTo("0-0-queued-p3");
        assertThat(tagged(queued, 3, 40).etag()).isEqualTo("\"0-0-queued-p3-e40\"");
    }

    @Test
    void everyChangeOfPositionOrEtaChangesTheTag() {
        assertThat(tagged(queued, 3, 40).eventId()).isNotEqualTo(tagged(queued, 2, 40).eventId())
                .isNotEqualTo(tagged(queued, 3, 35).eventId());
    }

    @Test
    void ifNoneMatchComparesWeaklyAndAcceptsListsAndStar() {
        TaggedStatus status = tagged(queued, 1, null);

        assertThat(status.matches("\"0-0-queued-p1\"")).isTrue();
        assertThat(status.matches("W/\"0-0-queued-p1\"")).isTrue();
        assertThat(status.matches("\"a\", \"0-0-queued-p1\"")).isTrue();
        assertThat(status.matches("*")).isTrue();
        assertThat(status.matches("\"0-0-queued-p2\"")).isFalse();
        assertThat(status.matches("\"0-0-queued\"")).isFalse();
        assertThat(status.matches(null)).isFalse();
        assertThat(status.matches("")).isFalse();
    }

    @Test
    void aMatchIsA304WithoutBodyAndEverythingElseA200() {
        TaggedStatus status = tagged(queued, null, null);

        assertThat(status.answer("\"0-0-queued\"").getStatusCode()).isEqualTo(HttpStatus.NOT_MODIFIED);
        assertThat(status.answer("\"0-0-queued\"").getBody()).isNull();
        assertThat(status.answer("\"old\"").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(status.answer(null).getHeaders().getCacheControl()).isEqualTo("no-store");
        assertThat(status.answer(null).getHeaders().getETag()).isEqualTo("\"0-0-queued\"");
    }

    @Test
    void onlyAFinishedJobHasAFinishedView() {
        StatusEvent cancelled = queued.next().state(JobState.CANCELLED).seq(1).completedAt(T0).at(T0);

        assertThat(TaggedStatus.ofFinished(cancelled, urls).view().pollAfterMs()).isZero();
        assertThatIllegalArgumentException().isThrownBy(() -> TaggedStatus.ofFinished(queued, urls));
    }

    @Test
    void aStatusWithSignedUrlsCarriesTheirExpiryInItsTagSoNewUrlsAreNever304() {
        StatusEvent completed = queued.next().state(JobState.COMPLETED).seq(1)
                .result(new JobResult("/exports/x.png", "image/png", 3, Map.of())).completedAt(T0).at(T0);

        TaggedStatus finished = TaggedStatus.ofFinished(completed, urls);

        // T0 is on the hour: URLs signed now expire at the end of the next hour
        assertThat(finished.eventId()).isEqualTo("0-1-completed-u" + T0.plusSeconds(7200).getEpochSecond());
        assertThat(finished.view().result().outputUrl()).startsWith("/exports/x.png?exp=");
        assertThat(TaggedStatus.ofFinished(queued.next().state(JobState.CANCELLED).seq(1).completedAt(T0).at(T0), urls)
                .eventId()).isEqualTo("0-1-cancelled");
    }

    @Test
    void preferWaitIsReadFromTheHeaderAndAnythingElseIgnored() {
        assertThat(FinishWait.preferredWait("wait=10")).contains(Duration.ofSeconds(10));
        assertThat(FinishWait.preferredWait("respond-async, Wait = 5")).contains(Duration.ofSeconds(5));
        assertThat(FinishWait.preferredWait("handling=lenient; x=1, wait=\"7\"")).contains(Duration.ofSeconds(7));
        assertThat(FinishWait.preferredWait("wait=0")).contains(Duration.ZERO);
        assertThat(FinishWait.preferredWait("wait=-3")).isEmpty();
        assertThat(FinishWait.preferredWait("wait=soon")).isEmpty();
        assertThat(FinishWait.preferredWait("waiting=3")).isEmpty();
        assertThat(FinishWait.preferredWait(null)).isEmpty();
    }

    private static TaggedStatus tagged(StatusEvent event, Integer position, Integer eta) {
        return TaggedStatus.of(event, JobStatusView.of(event, position, eta, 1000));
    }
}
