package dev.mediaqueue.gateway.status;

import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class StatusCacheListenerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final List<String> heard = new ArrayList<>();
    private final StatusCache cache = new StatusCache(List.of(new StatusCache.Listener() {
        @Override
        public void applied(StatusEvent previous, StatusEvent current) {
            heard.add("applied " + (previous == null ? "-" : previous.state().wireName()) + "->" + current.state().wireName());
        }

        @Override
        public void ignored(StatusEvent current, StatusEvent event) {
            heard.add("ignored " + event.state().wireName() + " at " + current.state().wireName());
        }

        @Override
        public void evicted(StatusEvent last) {
            heard.add("evicted " + last.state().wireName());
        }
    }, new StatusCache.Listener() {
        @Override
        public void applied(StatusEvent previous, StatusEvent current) {
            throw new IllegalStateException("a broken listener");
        }
    }));

    private final StatusEvent queued = StatusEvent.queued(new JobMessage(UUID.randomUUID(), MediaType.IMAGE, null,
            "a cat", null, null, Map.of(), "default", T0, null, null));
    private final StatusEvent running = queued.next().state(JobState.RUNNING).attempt(1).seq(0).at(T0.plusSeconds(1));
    private final StatusEvent completed = running.next().state(JobState.COMPLETED).seq(1).at(T0.plusSeconds(2));

    @Test
    void listenersHearEveryChangeIgnoredEventAndEvictionInOrder() {
        cache.apply(queued);
        cache.apply(running);
        cache.apply(completed);
        cache.apply(running);
        cache.evictFinishedBefore(T0.plusSeconds(3));

        assertThat(heard).containsExactly("applied -->queued", "applied queued->running", "applied running->completed",
                "ignored running at completed", "evicted completed");
    }

    @Test
    void failingListenerDisturbsNeitherTheCacheNorTheOthers() {
        assertThat(cache.apply(queued)).isEqualTo(StatusCache.Outcome.APPLIED);

        assertThat(cache.get(queued.jobId())).contains(queued);
        assertThat(heard).containsExactly("applied -->queued");
    }
}
