package dev.mediaqueue.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kind of media a job produces; each has its own job queue and its own workers. */
public enum MediaType {
    IMAGE, VIDEO, AUDIO;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The media type with this wire name, or empty when there is none. */
    public static Optional<MediaType> parse(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(wireName)).findFirst();
    }

    @JsonCreator
    static MediaType fromWire(String wireName) {
        return parse(wireName).orElseThrow(() -> new IllegalArgumentException("unknown media type: " + wireName));
    }
}
