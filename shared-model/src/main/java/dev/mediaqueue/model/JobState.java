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
 * The state of a job, written in lower case on the wire.
 *
 * <p>This enum owns the legal moves: {@code queued→running}, {@code queued→cancelled},
 * {@code queued→failed} (expired, rejected), {@code running→running} (progress),
 * {@code running→queued} (requeued after a worker was lost; the attempt grows) and
 * {@code running→completed|failed|cancelled}. Terminal states never change.
 */
public enum JobState {
    QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED;

    // looked up for every enum field of every message read (a gateway replays millions at start):
    // a table, not a stream over values() per call
    private static final String[] WIRE_NAMES = Arrays.stream(values())
            .map(value -> value.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);
    private static final Map<String, JobState> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.collectingAndThen(Collectors.toMap(JobState::wireName, value -> value), Collections::unmodifiableMap));

    /** Whether the job can never change again. */
    public boolean isTerminal() {
        return switch (this) {
            case QUEUED, RUNNING -> false;
            case COMPLETED, FAILED, CANCELLED -> true;
        };
    }

    /** Whether a job in this state may move to {@code next}. */
    public boolean canMoveTo(JobState next) {
        return switch (this) {
            case QUEUED -> next == RUNNING || next == CANCELLED || next == FAILED;
            case RUNNING -> next == RUNNING || next == QUEUED
                    || next == COMPLETED || next == FAILED || next == CANCELLED;
            case COMPLETED, FAILED, CANCELLED -> false;
        };
    }

    @JsonValue
    public String wireName() {
        return WIRE_NAMES[ordinal()];
    }

    /** The state with this wire name, or empty when there is none. */
    public static Optional<JobState> parse(String wireName) {
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
    }

    @JsonCreator
    static JobState fromWire(String wireName) {
        return parse(wireName).orElseThrow(() -> new IllegalArgumentException("unknown job state: " + wireName));
    }
}
