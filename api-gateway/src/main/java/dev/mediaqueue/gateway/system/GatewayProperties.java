package dev.mediaqueue.gateway.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Limits that protect the gateway itself.
 *
 * @param maxBodySize    largest request body; larger ones are refused with 413 before they are read
 * @param confirmTimeout how long a publish waits for the broker's confirm before it counts as failed
 */
@ConfigurationProperties("mediaqueue.gateway")
record GatewayProperties(
        @DefaultValue("64KB") DataSize maxBodySize,
        @DefaultValue("5s") Duration confirmTimeout) {
}
