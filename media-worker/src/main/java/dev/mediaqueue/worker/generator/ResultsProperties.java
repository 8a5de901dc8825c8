package dev.mediaqueue.worker.generator;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * The result store shared with the gateway.
 *
 * @param dir the directory the worker writes outputs to and the gateway serves as {@code /exports/}
 *            ({@code mediaqueue.results.dir}, the same property the gateway reads)
 */
@ConfigurationProperties("mediaqueue.results")
public record ResultsProperties(@DefaultValue("data/results") Path dir) {
}
