package dev.mediaqueue.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

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

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    static ErrorType fromWire(String wireName) {
        // tolerant reader: an error type from a newer component is still a failure
        return Arrays.stream(values()).filter(t -> t.wireName().equals(wireName)).findFirst().orElse(INTERNAL);
    }
}
