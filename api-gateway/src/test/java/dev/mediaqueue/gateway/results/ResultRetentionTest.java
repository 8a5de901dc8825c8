package dev.mediaqueue.gateway.results;

import dev.mediaqueue.gateway.MutableClock;
import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.gateway.system.TopologyProperties;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ResultRetentionTest {

    private static final Duration RETENTION = Duration.ofHours(24);

    @TempDir
    Path root;

    private final MutableClock clock = MutableClock.startingNow();
    private final EvictedJobs evicted = new EvictedJobs();
    private final StatusCache cache = new StatusCache(List.of(evicted));

    @Test
    void filesOfEvictedJobsAreDeletedAndNothingElse() throws Exception {
        Path results = Files.createDirectories(root.resolve("results"));
        StatusEvent done = finished(clock.instant());
        StatusEvent other = finished(clock.instant());
        Path output = touch(results.resolve(done.jobId() + ".png"));
        Path preview = touch(results.resolve(done.jobId() + "-preview.jpg"));
        Path othersOutput = touch(results.resolve(other.jobId() + ".png"));
        Path unrelated = touch(results.resolve("README.txt"));
        Path nested = Files.createDirectories(results.resolve(done.jobId() + "-frames"));
        touch(nested.resolve("0001.png"));
        cache.apply(done);

        cache.evictFinishedBefore(clock.instant().plusSeconds(1));
        retention(results).sweep();

        assertThat(output).doesNotExist();
        assertThat(preview).doesNotExist();
        assertThat(othersOutput).exists();
        assertThat(unrelated).exists();
        assertThat(nested.resolve("0001.png")).as("never walks into directories").exists();
        assertThat(evicted.size()).isZero();
    }

    @Test
    void symbolicLinkIsDeletedAsALinkNeverFollowed() throws Exception {
        Path results = Files.createDirectories(root.resolve("results"));
        Path outside = touch(root.resolve("precious.png"));
        StatusEvent done = finished(clock.instant());
        Path link = Files.createSymbolicLink(results.resolve(done.jobId() + ".png"), outside);
        cache.apply(done);

        cache.evictFinishedBefore(clock.instant().plusSeconds(1));
        retention(results).sweep();

        assertThat(link).doesNotExist();
        assertThat(outside).exists();
    }

    @Test
    void filesOfJobsNoGatewayKnowsGoOnceOlderThanTheRetentionAndAnHour() throws Exception {
        Path results = Files.createDirectories(root.resolve("results"));
        Instant now = clock.instant();
        Path old = touch(results.resolve(UUID.randomUUID() + ".wav"), now.minus(RETENTION).minus(Duration.ofMinutes(61)));
        Path recent = touch(results.resolve(UUID.randomUUID() + ".wav"), now.minus(RETENTION).minus(Duration.ofMinutes(59)));
        StatusEvent known = finished(now);
        Path knownButOld = touch(results.resolve(known.jobId() + ".png"), now.minus(RETENTION).minus(Duration.ofHours(5)));
        cache.apply(known);

        retention(results).sweep();

        assertThat(old).doesNotExist();
        assertThat(recent).exists();
        assertThat(knownButOld).as("its job is still in the cache").exists();
    }

    @Test
    void orphansAreSearchedOnlyEveryOrphanSweepInterval() throws Exception {
        Path results = Files.createDirectories(root.resolve("results"));
        ResultRetention retention = retention(results);
        retention.sweep();
        Path orphan = touch(results.resolve(UUID.randomUUID() + ".gif"), clock.instant().minus(Duration.ofDays(3)));

        clock.advance(Duration.ofMinutes(59));
        retention.sweep();
        assertThat(orphan).exists();

        clock.advance(Duration.ofMinutes(1));
        retention.sweep();
        assertThat(orphan).doesNotExist();
    }

    @Test
    void missingResultDirectoryIsNoError() {
        retention(root.resolve("not-there")).sweep();
    }

    private ResultRetention retention(Path results) {
        return new ResultRetention(evicted, cache, new ResultsProperties(results, Duration.ofHours(1)),
                new TopologyProperties(100, RETENTION, DataSize.ofMegabytes(1)),
                new RetentionProperties(Duration.ofMinutes(1), Duration.ofHours(1)), clock);
    }

    private static StatusEvent finished(Instant at) {
        StatusEvent queued = StatusEvent.queued(new JobMessage(UUID.randomUUID(), MediaType.IMAGE, null, "a cat", null,
                null, Map.of(), "default", at.minusSeconds(10), null, null));
        return queued.next().state(JobState.CANCELLED).seq(1).completedAt(at).at(at);
    }

    private static Path touch(Path file) throws IOException {
        return Files.write(file, new byte[]{1, 2, 3});
    }

    private static Path touch(Path file, Instant modified) throws IOException {
        touch(file);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }
}
