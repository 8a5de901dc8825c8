package dev.mediaqueue.gateway.cors;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * Which browser pages on other origins may call the API ({@code mediaqueue.security.cors}).
 *
 * @param allowedOrigins origins such as {@code https://app.example.com} (scheme, host and port, no path) whose
 *                       pages may call {@code /api/**} and {@code /exports/**}; none (the default) = same origin only
 * @param maxAge         how long a browser may reuse a preflight answer
 */
@ConfigurationProperties("mediaqueue.security.cors")
record CorsProperties(
        @DefaultValue List<String> allowedOrigins,
        @DefaultValue("30m") Duration maxAge) {

    CorsProperties {
        allowedOrigins = List.copyOf(allowedOrigins);
        for (String origin : allowedOrigins) {
            if (!origin.equals("*") && !origin.matches("https?://[^/?#\\s]+")) {
                throw new IllegalArgumentException("mediaqueue.security.cors.allowed-origins: '" + origin
                        + "' is not an origin like https://app.example.com (scheme, host, optional port; no path)");
            }
        }
    }
}
