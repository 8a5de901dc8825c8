package dev.mediaqueue.gateway.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How long the gateway holds requests that wait for a job, and how it keeps event streams alive.
 * Every hold must stay below the read timeout of the proxies in front (Cloudflare: 100 s).
 *
 * @param maxWait         longest long poll ({@code ?wait=N} is clamped to it)
 * @param maxPreferWait   longest {@code Prefer: wait=N} on a start
 * @param runWait         how long {@code POST /api/run} waits for the job to finish before answering 202
 * @param sseHeartbeat    pause between two comment lines on an event stream
 * @param sseMaxDuration  an event stream is closed after this long; the client reconnects with {@code Last-Event-ID}
 * @param sseSendThreads  threads that write to event streams (never the thread that reads the status stream)
 */
@ConfigurationProperties("mediaqueue.delivery")
record DeliveryProperties(
        @DefaultValue("30s") Duration maxWait,
        @DefaultValue("60s") Duration maxPreferWait,
        @DefaultValue("60s") Duration runWait,
        @DefaultValue("10s") Duration sseHeartbeat,
        @DefaultValue("10m") Duration sseMaxDuration,
        @DefaultValue("4") int sseSendThreads) {
}
