package dev.mediaqueue.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class MetricNamesTest {

    private final Path repoRoot = DeployFiles.repoRoot();

    @Test
    void histogramSeriesCountAsTheirHistogram() {
        assertThat(MetricNames.baseName("mediaqueue_job_run_seconds_bucket")).isEqualTo("mediaqueue_job_run_seconds");
        assertThat(MetricNames.baseName("mediaqueue_job_run_seconds_count")).isEqualTo("mediaqueue_job_run_seconds");
        assertThat(MetricNames.baseName("mediaqueue_publish_confirm_seconds_sum")).isEqualTo("mediaqueue_publish_confirm_seconds");
    }

    @Test
    void countersKeepTotalAndGaugesStayAsTheyAre() {
        assertThat(MetricNames.baseName("mediaqueue_jobs_submitted_total")).isEqualTo("mediaqueue_jobs_submitted_total");
        assertThat(MetricNames.baseName("mediaqueue_queue_depth_messages")).isEqualTo("mediaqueue_queue_depth_messages");
        assertThat(MetricNames.baseName("mediaqueue_jobs")).isEqualTo("mediaqueue_jobs");
    }

    @Test
    void findsNamesInPromqlAndLeavesOtherWordsAlone() {
        String text = """
                expr: |
                  sum by (media_type) (increase(mediaqueue_jobs_finished_total{outcome="failed"}[15m]))
                  / histogram_quantile(0.99, sum by (le) (rate(mediaqueue_job_run_seconds_bucket[5m])))
                  and mediaqueue_jobs > 0 and http_server_requests_seconds_count{status=~"5.."}
                summary: "queue media.jobs.video, header x-mediaqueue-attempt, dashboard uid mediaqueue"
                record: job:mediaqueue_not_a_metric:rate5m
                """;
        assertThat(MetricNames.namesIn(text)).containsExactly(
                "mediaqueue_job_run_seconds", "mediaqueue_jobs", "mediaqueue_jobs_finished_total");
    }

    @Test
    void readsScrapeOutputTheSameWay() {
        String scrape = """
                # HELP mediaqueue_jobs_submitted_total jobs accepted
                # TYPE mediaqueue_jobs_submitted_total counter
                mediaqueue_jobs_submitted_total{media_type="image",priority="normal"} 3.0
                # TYPE mediaqueue_job_queue_wait_seconds histogram
                mediaqueue_job_queue_wait_seconds_bucket{media_type="image",le="1.0"} 1
                mediaqueue_job_queue_wait_seconds_count{media_type="image"} 1
                mediaqueue_job_queue_wait_seconds_sum{media_type="image"} 0.4
                mediaqueue_job_queue_wait_seconds_max{media_type="image"} 0.4
                """;
        assertThat(MetricNames.namesIn(scrape)).containsExactly(
                "mediaqueue_job_queue_wait_seconds", "mediaqueue_job_queue_wait_seconds_max",
                "mediaqueue_jobs_submitted_total");
    }

    @Test
    void usedByDeployCoversAlertsAndDashboard() {
        Set<String> used = MetricNames.usedByDeploy(repoRoot);
        assertThat(used)
                // only in alerts.yml
                .contains("mediaqueue_status_replay_caught_up", "mediaqueue_jobs_dead_lettered_total")
                // histograms of the dashboard, from their _bucket series
                .contains("mediaqueue_job_queue_wait_seconds", "mediaqueue_job_run_seconds",
                        "mediaqueue_publish_confirm_seconds")
                .allSatisfy(name -> assertThat(name).doesNotEndWith("_bucket").doesNotEndWith("_sum"));
    }

    @Test
    void everyMetricUsedByDeployIsInTheCatalog() {
        Set<String> catalog = MetricNames.catalog(repoRoot);
        assertThat(catalog).contains("mediaqueue_jobs_submitted_total", "mediaqueue_worker_busy");
        assertThat(MetricNames.usedByDeploy(repoRoot))
                .as("metric names used by deploy/prometheus/alerts.yml and deploy/grafana/dashboards, "
                        + "all of which docs/metrics.md must list")
                .isSubsetOf(catalog);
    }
}
