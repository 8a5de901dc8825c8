package dev.mediaqueue.worker.generator.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The demo generators ({@code mediaqueue.worker.demo.*}).
 *
 * @param duration how long a simulated job takes; a job's {@code duration_ms} param overrides it
 */
@ConfigurationProperties("mediaqueue.worker.demo")
record DemoProperties(@DefaultValue("3s") Duration duration) {
}
