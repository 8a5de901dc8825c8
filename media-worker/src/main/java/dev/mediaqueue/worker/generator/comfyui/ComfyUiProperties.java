package dev.mediaqueue.worker.generator.comfyui;

import dev.mediaqueue.model.MediaType;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The ComfyUI server this worker drives and how ({@code mediaqueue.comfyui.*}); read only when
 * {@code mediaqueue.worker.generator=comfyui}.
 *
 * @param url                the ComfyUI server, one per worker (one GPU)
 * @param workflowsDir       the folder with one sub-folder per {@code config_id} ({@code workflow.json} + {@code descriptor.json})
 * @param defaultConfigs     the {@code config_id} a job of a media type runs when it names none; empty: such jobs fail
 * @param healthInterval     how often {@code /system_stats} is checked; while it fails the worker takes no jobs
 * @param connectTimeout     connecting to ComfyUI (HTTP and websocket)
 * @param requestTimeout     one HTTP request (submit, queue, history, interrupt)
 * @param downloadTimeout    fetching one output file through {@code /view}
 * @param checkInterval      while the websocket is quiet: how often the run is checked in {@code /queue} and {@code /history}
 * @param pollInterval       the first wait between checks while the websocket is down; doubles up to {@code maxPollInterval}
 * @param maxPollInterval    the longest wait between checks while the websocket is down
 * @param unreachableTimeout how long a running job waits for an unreachable ComfyUI before it fails (transient);
 *                           keep it below {@code mediaqueue.worker.shutdown-grace}, which the consumer pause waits
 *                           for a running job
 * @param cancelGrace        after a cancel, how long to wait for ComfyUI to confirm before the job ends cancelled anyway
 * @param maxPreviewSize     larger preview frames are not stored
 */
@ConfigurationProperties("mediaqueue.comfyui")
public record ComfyUiProperties(
        @DefaultValue("http://127.0.0.1:8188") URI url,
        @DefaultValue("workflows") Path workflowsDir,
        @Nullable Map<MediaType, String> defaultConfigs,
        @DefaultValue("10s") Duration healthInterval,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("30s") Duration requestTimeout,
        @DefaultValue("5m") Duration downloadTimeout,
        @DefaultValue("30s") Duration checkInterval,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("15s") Duration maxPollInterval,
        @DefaultValue("20s") Duration unreachableTimeout,
        @DefaultValue("15s") Duration cancelGrace,
        @DefaultValue("2MB") DataSize maxPreviewSize) {

    public ComfyUiProperties {
        defaultConfigs = defaultConfigs == null ? Map.of() : Map.copyOf(defaultConfigs);
        String scheme = url.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("mediaqueue.comfyui.url must be an http(s) URL, was " + url);
        }
    }

    /** The server's URL without a trailing slash, so paths can be appended. */
    URI base() {
        String text = url.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }
}
