package dev.mediaqueue.worker.job;

import dev.mediaqueue.model.MediaType;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the worker bounds and retries jobs ({@code mediaqueue.worker.*}).
 *
 * @param maxRunTime   the longest a job of each media type may run before it fails as timed out
 * @param maxQueueTime the longest a job of each media type may wait from its start request to being
 *                     picked up before it fails as expired; unset means no limit
 * @param retryBackoff the pause before a job whose generator failed transiently runs again
 */
@ConfigurationProperties("mediaqueue.worker")
record JobLifecycleProperties(
        @DefaultValue MaxRunTime maxRunTime,
        @DefaultValue MaxQueueTime maxQueueTime,
        @DefaultValue RetryBackoff retryBackoff) {

    /** {@code mediaqueue.worker.max-run-time.<type>}. */
    record MaxRunTime(
            @DefaultValue("5m") Duration image,
            @DefaultValue("30m") Duration video,
            @DefaultValue("10m") Duration audio) {

        MaxRunTime {
            requirePositive(image, "image");
            requirePositive(video, "video");
            requirePositive(audio, "audio");
        }

        Duration of(MediaType type) {
            return switch (type) {
                case IMAGE -> image;
                case VIDEO -> video;
                case AUDIO -> audio;
            };
        }

        private static void requirePositive(Duration limit, String type) {
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("mediaqueue.worker.max-run-time." + type + " must be positive");
            }
        }
    }

    /** {@code mediaqueue.worker.max-queue-time.<type>}; absent values mean no limit. */
    record MaxQueueTime(@Nullable Duration image, @Nullable Duration video, @Nullable Duration audio) {

        @Nullable Duration of(MediaType type) {
            return switch (type) {
                case IMAGE -> image;
                case VIDEO -> video;
                case AUDIO -> audio;
            };
        }
    }

    /**
     * {@code mediaqueue.worker.retry-backoff.*}: exponential, from {@code initial} growing by
     * {@code multiplier} per attempt up to {@code max}, each pause stretched at random by up to half.
     */
    record RetryBackoff(
            @DefaultValue("2s") Duration initial,
            @DefaultValue("60s") Duration max,
            @DefaultValue("2") double multiplier) {

        RetryBackoff {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || multiplier < 1) {
                throw new IllegalArgumentException(
                        "mediaqueue.worker.retry-backoff needs 0 < initial <= max and multiplier >= 1");
            }
        }
    }
}
