package dev.mediaqueue.gateway.results;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How result URLs are signed ({@code mediaqueue.security.*}, beside the tenants).
 *
 * @param urlSigningSecret  the HMAC key, at least 32 characters; unset: a random one per start, which is
 *                          fine for one gateway but not for several behind a load balancer (a URL signed by
 *                          one would be refused by the others, and all URLs break on a restart)
 * @param signedUrlValidity a URL stays valid at least this long and at most twice as long; it changes once
 *                          per period, so polls in between see the same URL and the same {@code ETag}
 */
@ConfigurationProperties("mediaqueue.security")
record UrlSigningProperties(
        String urlSigningSecret,
        @DefaultValue("1h") Duration signedUrlValidity) {
}
