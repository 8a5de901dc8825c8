package dev.mediaqueue.model;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The RabbitMQ names and declarations that gateway and workers share.
 *
 * <table>
 *   <caption>Topology</caption>
 *   <tr><td>{@code media.jobs}</td><td>direct exchange; routing key = media type</td></tr>
 *   <tr><td>{@code media.jobs.<type>}</td><td>classic durable queue, {@code x-max-priority} 4, dead-letter
 *       exchange {@code media.jobs.dlx}, bounded length with {@code reject-publish}</td></tr>
 *   <tr><td>{@code media.jobs.dlx} → {@code media.jobs.dead}</td><td>fanout exchange → durable queue</td></tr>
 *   <tr><td>{@code media.status}</td><td>topic exchange; key {@code <type>.<state>}</td></tr>
 *   <tr><td>{@code media.status.log}</td><td>stream bound to {@code media.status} with {@code #}</td></tr>
 *   <tr><td>{@code media.control}</td><td>fanout exchange for cancel commands</td></tr>
 * </table>
 *
 * <p>Every queue states its {@code x-queue-type}, so the declarations mean the same on RabbitMQ 3.x
 * and 4.x whatever the broker's default queue type is.
 */
public final class Topology {

    public static final String JOBS_EXCHANGE = "media.jobs";
    public static final String DEAD_LETTER_EXCHANGE = "media.jobs.dlx";
    public static final String DEAD_LETTER_QUEUE = "media.jobs.dead";
    public static final String STATUS_EXCHANGE = "media.status";
    public static final String STATUS_STREAM = "media.status.log";
    public static final String CONTROL_EXCHANGE = "media.control";

    /** The highest AMQP priority of the job queues; one sub-queue per level, so keep it small. */
    public static final int MAX_PRIORITY = 4;

    /** Header of a job message: which delivery attempt it is (1 for the first). */
    public static final String ATTEMPT_HEADER = "x-mediaqueue-attempt";

    /** Header of a replay marker on {@code media.status}: the id of the gateway that sent it. */
    public static final String MARKER_HEADER = "x-mediaqueue-marker";

    /** Routing key of replay markers; not a {@code <type>.<state>} key, so no status reader mistakes it. */
    public static final String MARKER_ROUTING_KEY = "gateway.marker";

    private Topology() {
    }

    /** The job queue of a media type: {@code media.jobs.<type>}. */
    public static String jobQueue(MediaType type) {
        return JOBS_EXCHANGE + "." + type.wireName();
    }

    /** The routing key of a status event: {@code <type>.<state>}. */
    public static String statusRoutingKey(MediaType type, JobState state) {
        return type.wireName() + "." + state.wireName();
    }

    /**
     * The tunable parts of the topology.
     *
     * @param jobQueueMaxLength   most messages waiting in one job queue; further publishes are refused
     * @param statusRetention     how long the status stream keeps events ({@code x-max-age})
     * @param streamSegmentBytes  stream segment size; retention drops whole segments, so keep it small
     */
    public record Settings(long jobQueueMaxLength, Duration statusRetention, long streamSegmentBytes) {

        public static final Settings DEFAULTS = new Settings(100_000, Duration.ofHours(24), 1_048_576);

        public Settings {
            Objects.requireNonNull(statusRetention, "statusRetention");
            if (jobQueueMaxLength < 1 || streamSegmentBytes < 1 || statusRetention.toSeconds() < 1) {
                throw new IllegalArgumentException("topology settings must be positive");
            }
        }
    }

    /** Arguments of a job queue. */
    public static Map<String, Object> jobQueueArguments(Settings settings) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("x-queue-type", "classic");
        args.put("x-max-priority", MAX_PRIORITY);
        args.put("x-dead-letter-exchange", DEAD_LETTER_EXCHANGE);
        args.put("x-max-length", settings.jobQueueMaxLength());
        args.put("x-overflow", "reject-publish");
        return args;
    }

    /** Arguments of the status stream. */
    public static Map<String, Object> statusStreamArguments(Settings settings) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("x-queue-type", "stream");
        args.put("x-max-age", settings.statusRetention().toSeconds() + "s");
        args.put("x-stream-max-segment-size-bytes", settings.streamSegmentBytes());
        return args;
    }

    /**
     * Declares the whole topology on {@code channel}. Idempotent: declaring what exists with the same
     * arguments changes nothing; different arguments make the broker close the channel with
     * {@code PRECONDITION_FAILED}, which callers must report, not hide.
     */
    public static void declare(Channel channel, Settings settings) throws IOException {
        channel.exchangeDeclare(JOBS_EXCHANGE, BuiltinExchangeType.DIRECT, true);
        channel.exchangeDeclare(DEAD_LETTER_EXCHANGE, BuiltinExchangeType.FANOUT, true);
        channel.exchangeDeclare(STATUS_EXCHANGE, BuiltinExchangeType.TOPIC, true);
        channel.exchangeDeclare(CONTROL_EXCHANGE, BuiltinExchangeType.FANOUT, true);

        channel.queueDeclare(DEAD_LETTER_QUEUE, true, false, false, Map.of("x-queue-type", "classic"));
        channel.queueBind(DEAD_LETTER_QUEUE, DEAD_LETTER_EXCHANGE, "");

        for (MediaType type : MediaType.values()) {
            channel.queueDeclare(jobQueue(type), true, false, false, jobQueueArguments(settings));
            channel.queueBind(jobQueue(type), JOBS_EXCHANGE, type.wireName());
        }

        channel.queueDeclare(STATUS_STREAM, true, false, false, statusStreamArguments(settings));
        channel.queueBind(STATUS_STREAM, STATUS_EXCHANGE, "#");
    }
}
