package dev.mediaqueue.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Why a job failed, as a machine-readable word beside the human-readable {@code error} text.
 *
 * <p>{@code permanent}: the generator refused the input (retrying cannot help). {@code transient}: the
 * backend failed and the attempts ran out. {@code timed_out}: the job ran longer than its media type
 * allows. {@code expired}: the job could not start before its deadline. {@code rejected}: the broker
 * did not take the job. {@code max_attempts}: workers were lost too often. {@code invalid}: the job
 * message was unusable. {@code internal}: anything else.
 */
public enum ErrorType {
    PERMANENT, TRANSIENT, TIMED_OUT, EXPIRED, REJECTED, MAX_ATTEMPTS, INVALID, INTERNAL;

    // looked up for every enum field of every message read (a gateway replays millions at start):
    // a table, not a stream over values() per call
    private static final String[] WIRE_NAMES = Arrays.stream(values())
            .map(value -> value.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);
    private static final Map<String, ErrorType> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.collectingAndThen(Collectors.toMap(ErrorType::wireName, value -> value), Collections::unmodifiableMap));

    @JsonValue
    public String wireName() {
        return WIRE_NAMES[ordinal()];
    }

    @JsonCreator
    static ErrorType fromWire(String wireName) {
        // tolerant reader: an error type from a newer component is still a failure
        return BY_WIRE_NAME.getOrDefault(wireName, INTERNAL);
    }
}
