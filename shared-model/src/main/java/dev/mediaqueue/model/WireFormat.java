package dev.mediaqueue.model;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import java.time.Instant;

/**
 * The JSON mapper for messages on the broker: snake_case records (by their annotations), ISO-8601
 * instants (read by a fast path for the shape the apps write), and a tolerant reader that ignores fields it does not know, so a newer component can add a
 * field without breaking an older one.
 */
public final class WireFormat {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // a gateway reads millions of instants at start (four an event)
            .addModule(new SimpleModule("mediaqueue-wire-format").addDeserializer(Instant.class, new WireInstantDeserializer()))
            .build();

    private WireFormat() {
    }

    /** The shared, thread-safe mapper. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    /**
     * Reads a message body.
     *
     * @throws MalformedMessageException when the bytes are not a valid {@code type}
     */
    public static <T> T read(byte[] body, Class<T> type) {
        try {
            return MAPPER.readValue(body, type);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new MalformedMessageException("not a valid " + type.getSimpleName() + ": " + originalMessage(e), e);
        }
    }

    private static String originalMessage(RuntimeException e) {
        return e instanceof JacksonException je ? je.getOriginalMessage() : String.valueOf(e.getMessage());
    }

    /** A message body that cannot be read as the expected type. */
    public static final class MalformedMessageException extends RuntimeException {
        MalformedMessageException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
