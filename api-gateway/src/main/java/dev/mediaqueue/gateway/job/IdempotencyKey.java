package dev.mediaqueue.gateway.job;

import dev.mediaqueue.gateway.system.InvalidField;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code Idempotency-Key} header of a start request: 1–255 characters of {@code A-Z a-z 0-9 . _ : -}.
 *
 * @param value the key as sent
 */
record IdempotencyKey(String value) {

    static final String HEADER = "Idempotency-Key";

    static final int MAX_LENGTH = 255;

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._:-]+");

    /**
     * The key of a request, or null when it has none.
     *
     * @throws InvalidJobRequestException when the header is present but not a valid key
     */
    static IdempotencyKey parse(String header) {
        if (header == null) {
            return null;
        }
        if (header.isEmpty() || header.length() > MAX_LENGTH) {
            throw invalid("must be 1 to " + MAX_LENGTH + " characters long, was " + header.length());
        }
        if (!ALLOWED.matcher(header).matches()) {
            throw invalid("may only contain letters, digits, '.', '_', ':' and '-'");
        }
        return new IdempotencyKey(header);
    }

    private static InvalidJobRequestException invalid(String detail) {
        return new InvalidJobRequestException(List.of(new InvalidField(HEADER, detail)));
    }
}
