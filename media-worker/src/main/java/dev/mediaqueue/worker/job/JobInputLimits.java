package dev.mediaqueue.worker.job;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What a job message may hold before this worker refuses it ({@code mediaqueue.worker.input.*}).
 *
 * <p>The gateway already validates every request with tighter limits; these are the worker's own
 * bounds against a message that did not come through a gateway (a forged or corrupted one). They are
 * deliberately looser than the gateway's, so a job the gateway accepted is never refused here.
 *
 * @param maxMessageSize    largest message body that is parsed at all; a larger one is dead-lettered
 * @param maxUserInput      most characters (code points) in {@code user_input}
 * @param maxParams         most keys in {@code params}
 * @param maxParamsSize     largest {@code params} as JSON
 * @param maxTokenLength    longest {@code config_id}, {@code language} and {@code tenant}
 */
@ConfigurationProperties("mediaqueue.worker.input")
record JobInputLimits(
        @DefaultValue("1MB") DataSize maxMessageSize,
        @DefaultValue("20000") int maxUserInput,
        @DefaultValue("64") int maxParams,
        @DefaultValue("64KB") DataSize maxParamsSize,
        @DefaultValue("128") int maxTokenLength) {

    static final JobInputLimits DEFAULTS = new JobInputLimits(DataSize.ofMegabytes(1), 20_000, 64, DataSize.ofKilobytes(64), 128);
}
