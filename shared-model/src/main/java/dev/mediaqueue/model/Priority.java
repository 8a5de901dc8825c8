package dev.mediaqueue.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A job's priority tier and the AMQP message priority it maps to.
 *
 * <p>The job queues are declared with {@code x-max-priority} {@value Topology#MAX_PRIORITY}, so the
 * four tiers map to AMQP priorities 1 to 4. Priorities only reorder messages that wait in the queue,
 * which is why workers use prefetch 1.
 */
public enum Priority {
    LOW(1), NORMAL(2), HIGH(3), URGENT(4);

    // looked up for every enum field of every message read (a gateway replays millions at start):
    // a table, not a stream over values() per call
    private static final String[] WIRE_NAMES = Arrays.stream(values())
            .map(value -> value.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);
    private static final Map<String, Priority> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.collectingAndThen(Collectors.toMap(Priority::wireName, value -> value), Collections::unmodifiableMap));

    private final int amqpPriority;

    Priority(int amqpPriority) {
        this.amqpPriority = amqpPriority;
    }

    /** The AMQP {@code priority} property of a job message in this tier. */
    public int amqpPriority() {
        return amqpPriority;
    }

    /** Whether this tier is higher than {@code other}. */
    public boolean isAbove(Priority other) {
        return amqpPriority > other.amqpPriority;
    }

    @JsonValue
    public String wireName() {
        return WIRE_NAMES[ordinal()];
    }

    /** The tier with this wire name, or empty when there is none. */
    public static Optional<Priority> parse(String wireName) {
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
    }

    @JsonCreator
    static Priority fromWire(String wireName) {
        return parse(wireName).orElseThrow(() -> new IllegalArgumentException("unknown priority: " + wireName));
    }
}
