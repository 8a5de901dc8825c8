package dev.mediaqueue.gateway.results;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where result files are served from.
 *
 * @param dir         the result store shared with the workers (same property name as theirs)
 * @param cacheMaxAge how long clients may cache a result file; its name holds the job id, so it never changes
 */
@ConfigurationProperties("mediaqueue.results")
record ResultsProperties(
        @DefaultValue("data/results") Path dir,
        @DefaultValue("1h") Duration cacheMaxAge) {
}
