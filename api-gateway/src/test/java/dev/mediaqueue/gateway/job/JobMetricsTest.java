package dev.mediaqueue.gateway.job;

import dev.mediaqueue.gateway.system.BrokerRefusedException.Reason;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's job meters as Prometheus sees them: the catalog's names and tags (docs/metrics.md). */
class JobMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JobMetrics metrics = new JobMetrics(registry);

    @Test
    void everySeriesIsExportedWithZeroBeforeTheFirstJob() {
        assertThat(registry.scrape()).contains(
                "mediaqueue_jobs_submitted_total{media_type=\"image\",priority=\"low\"} 0.0",
                "mediaqueue_jobs_submitted_total{media_type=\"audio\",priority=\"urgent\"} 0.0",
                "mediaqueue_jobs_rejected_total{media_type=\"video\",reason=\"broker_refused\"} 0.0",
                "mediaqueue_jobs_rejected_total{media_type=\"video\",reason=\"confirm_timeout\"} 0.0",
                "mediaqueue_jobs_rejected_total{media_type=\"video\",reason=\"unroutable\"} 0.0",
                "mediaqueue_jobs_finished_total{media_type=\"image\",outcome=\"cancelled\"} 0.0");
    }

    @Test
    void submittedRejectedAndCancelledJobsAreCountedByTheirTags() {
        metrics.submitted(MediaType.VIDEO, Priority.HIGH);
        metrics.submitted(MediaType.VIDEO, Priority.HIGH);
        metrics.rejected(MediaType.AUDIO, Reason.CONFIRM_TIMEOUT);
        metrics.cancelledWhileQueued(MediaType.IMAGE);

        assertThat(registry.scrape()).contains(
                "mediaqueue_jobs_submitted_total{media_type=\"video\",priority=\"high\"} 2.0",
                "mediaqueue_jobs_rejected_total{media_type=\"audio\",reason=\"confirm_timeout\"} 1.0",
                "mediaqueue_jobs_finished_total{media_type=\"image\",outcome=\"cancelled\"} 1.0");
    }
}
