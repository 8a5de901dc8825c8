package dev.mediaqueue.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kind of media a job produces; each has its own job queue and its own workers. */
public enum MediaType {
    IMAGE, VIDEO, AUDIO;

    // looked up for every enum field of every message read (a gateway replays millions at start):
    // a table, not a stream over values() per call
    private static final String[] WIRE_NAMES = Arrays.stream(values())
            .map(value -> value.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);
    private static final Map<String, MediaType> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.collectingAndThen(Collectors.toMap(MediaType::wireName, value -> value), Collections::unmodifiableMap));

    @JsonValue
    public String wireName() {
        return WIRE_NAMES[ordinal()];
    }

    /** The media type with this wire name, or empty when there is none. */
    public static Optional<MediaType> parse(String wireName) {
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
    }

    @JsonCreator
    static MediaType fromWire(String wireName) {
        return parse(wireName).orElseThrow(() -> new IllegalArgumentException("unknown media type: " + wireName));
    }
}
