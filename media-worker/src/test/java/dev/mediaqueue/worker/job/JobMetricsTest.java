package dev.mediaqueue.worker.job;

import dev.mediaqueue.model.ErrorType;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.worker.system.WorkerProperties;
import dev.mediaqueue.worker.testing.Jobs;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker's meters as Prometheus sees them: the catalog's names, tags and buckets (docs/metrics.md). */
class JobMetricsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final WorkerProperties videoAndAudio = new WorkerProperties(List.of(MediaType.VIDEO, MediaType.AUDIO),
            "worker-1", 3, Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(30));
    private final JobMetrics metrics = new JobMetrics(registry, videoAndAudio);

    @Test
    void everySeriesOfTheConfiguredMediaTypesIsExportedWithZeroBeforeTheFirstJob() {
        String scrape = registry.scrape();

        assertThat(scrape).contains(
                "mediaqueue_jobs_finished_total{media_type=\"video\",outcome=\"completed\"} 0.0",
                "mediaqueue_jobs_finished_total{media_type=\"audio\",outcome=\"cancelled\"} 0.0",
                "mediaqueue_jobs_retried_total{media_type=\"video\"} 0.0",
                "mediaqueue_jobs_dead_lettered_total{media_type=\"audio\",reason=\"malformed\"} 0.0",
                "mediaqueue_jobs_dead_lettered_total{media_type=\"audio\",reason=\"max_attempts\"} 0.0",
                "mediaqueue_generator_failures_total{kind=\"timed_out\",media_type=\"video\"} 0.0",
                "mediaqueue_job_queue_wait_seconds_count{media_type=\"video\"} 0",
                "mediaqueue_job_run_seconds_count{media_type=\"audio\",outcome=\"failed\"} 0",
                "mediaqueue_worker_busy{media_type=\"video\"} 0.0",
                "mediaqueue_worker_job_progress_ratio{media_type=\"audio\"} 0.0");
        assertThat(scrape).doesNotContain("media_type=\"image\"");
    }

    @Test
    void jobHistogramsHaveBucketsFromOneSecondToThirtyMinutes() {
        String scrape = registry.scrape();

        for (String le : List.of("1.0", "2.5", "5.0", "10.0", "30.0", "60.0", "120.0", "300.0", "600.0", "1200.0", "1800.0", "+Inf")) {
            assertThat(scrape).contains("mediaqueue_job_queue_wait_seconds_bucket{media_type=\"video\",le=\"" + le + "\"}");
            assertThat(scrape).contains("mediaqueue_job_run_seconds_bucket{media_type=\"video\",outcome=\"completed\",le=\"" + le + "\"}");
        }
    }

    @Test
    void aRunJobIsMeasuredFromAcceptanceToStartAndFromStartToItsEnd() {
        JobMessage job = job(T0);
        StatusEvent running = StatusEvent.queued(job).next().state(JobState.RUNNING).attempt(1).seq(1)
                .startedAt(T0.plusSeconds(45)).at(T0.plusSeconds(45));
        StatusEvent completed = running.next().state(JobState.COMPLETED).progress(100).seq(2)
                .completedAt(T0.plusSeconds(345)).at(T0.plusSeconds(345));

        metrics.started(running);
        metrics.ended(JobMetrics.Outcome.COMPLETED, completed);

        String scrape = registry.scrape();
        assertThat(scrape).contains(
                "mediaqueue_job_queue_wait_seconds_bucket{media_type=\"video\",le=\"30.0\"} 0",
                "mediaqueue_job_queue_wait_seconds_bucket{media_type=\"video\",le=\"60.0\"} 1",
                "mediaqueue_job_queue_wait_seconds_sum{media_type=\"video\"} 45.0",
                "mediaqueue_job_run_seconds_bucket{media_type=\"video\",outcome=\"completed\",le=\"120.0\"} 0",
                "mediaqueue_job_run_seconds_bucket{media_type=\"video\",outcome=\"completed\",le=\"300.0\"} 1",
                "mediaqueue_job_run_seconds_sum{media_type=\"video\",outcome=\"completed\"} 300.0",
                "mediaqueue_jobs_finished_total{media_type=\"video\",outcome=\"completed\"} 1.0");
    }

    @Test
    void aStartBeforeTheAcceptanceByClockSkewCountsAsNoWait() {
        StatusEvent running = StatusEvent.queued(job(T0)).next().state(JobState.RUNNING).attempt(1).seq(1)
                .startedAt(T0.minusMillis(300)).at(T0.minusMillis(300));

        metrics.started(running);

        assertThat(registry.scrape()).contains(
                "mediaqueue_job_queue_wait_seconds_bucket{media_type=\"video\",le=\"1.0\"} 1",
                "mediaqueue_job_queue_wait_seconds_sum{media_type=\"video\"} 0.0");
    }

    @Test
    void busyAndProgressFollowTheRunningJob() {
        int[] percent = {40};
        JobMetrics.Active active = metrics.active(MediaType.AUDIO, () -> percent[0]);

        assertThat(registry.scrape()).contains("mediaqueue_worker_busy{media_type=\"audio\"} 1.0",
                "mediaqueue_worker_job_progress_ratio{media_type=\"audio\"} 0.4");
        percent[0] = 75;
        assertThat(registry.scrape()).contains("mediaqueue_worker_job_progress_ratio{media_type=\"audio\"} 0.75");

        active.close();
        assertThat(registry.scrape()).contains("mediaqueue_worker_busy{media_type=\"audio\"} 0.0",
                "mediaqueue_worker_job_progress_ratio{media_type=\"audio\"} 0.0");
    }

    @Test
    void generatorFailuresAreCountedByKind() {
        metrics.generatorFailed(MediaType.VIDEO, ErrorType.TRANSIENT);
        metrics.generatorFailed(MediaType.VIDEO, ErrorType.TIMED_OUT);
        metrics.generatorFailed(MediaType.VIDEO, ErrorType.INTERNAL);

        assertThat(registry.scrape()).contains(
                "mediaqueue_generator_failures_total{kind=\"transient\",media_type=\"video\"} 1.0",
                "mediaqueue_generator_failures_total{kind=\"timed_out\",media_type=\"video\"} 1.0",
                "mediaqueue_generator_failures_total{kind=\"internal\",media_type=\"video\"} 1.0",
                "mediaqueue_generator_failures_total{kind=\"permanent\",media_type=\"video\"} 0.0");
    }

    @Test
    void aMalformedMessageIsCountedForTheQueueItCameFrom() {
        metrics.malformed(Optional.of(MediaType.AUDIO));
        metrics.malformed(Optional.empty());

        assertThat(registry.scrape()).contains(
                "mediaqueue_jobs_dead_lettered_total{media_type=\"audio\",reason=\"malformed\"} 1.0",
                "mediaqueue_jobs_dead_lettered_total{media_type=\"unknown\",reason=\"malformed\"} 1.0");
    }

    @Test
    void aDeliveryThatWasNotRecordedCountsNothing() {
        StatusEvent failed = StatusEvent.queued(job(T0)).next().state(JobState.FAILED).attempt(1).seq(1)
                .completedAt(T0).at(T0);

        metrics.ended(JobMetrics.Outcome.UNRECORDED, failed);

        assertThat(registry.scrape()).doesNotContainPattern("mediaqueue_jobs_\\w+_total\\{[^}]*} 1\\.0");
    }

    private static JobMessage job(Instant createdAt) {
        JobMessage job = Jobs.job(MediaType.VIDEO, Map.of());
        return new JobMessage(job.jobId(), job.mediaType(), job.configId(), job.userInput(), job.language(),
                job.priority(), job.params(), job.tenant(), createdAt, null, null);
    }
}
