package dev.mediaqueue.model;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;

import java.time.Instant;

/**
 * Jackson's {@link Instant} reader with a fast path: an instant string in the shape the apps write is
 * read by {@link IsoInstants}; everything else (numbers, other shapes, errors) goes to Jackson's own
 * {@link InstantDeserializer}, so what is accepted and how a bad value is reported stay the same.
 */
final class WireInstantDeserializer extends ValueDeserializer<Instant> {

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) {
        if (parser.hasToken(JsonToken.VALUE_STRING)) {
            Instant instant = IsoInstants.parse(parser.getStringCharacters(), parser.getStringOffset(), parser.getStringLength());
            if (instant != null) {
                return instant;
            }
        }
        return InstantDeserializer.INSTANT.deserialize(parser, context);
    }

    @Override
    public Class<?> handledType() {
        return Instant.class;
    }
}
