package dev.mediaqueue.worker.generator.comfyui;

import dev.mediaqueue.worker.generator.GenerationException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * A job param a workflow accepts ({@code params.steps}, {@code params.width}, …), its type and range, and
 * the inputs it goes to. A value of the wrong type or outside the range fails the job permanently.
 *
 * @param name    the param's name in the job
 * @param type    what it must be
 * @param min     the smallest number allowed, or null
 * @param max     the largest number allowed, or null
 * @param values  the only texts allowed (empty: any text up to {@value #MAX_TEXT} characters)
 * @param targets where it goes in the template
 */
record ParamBinding(String name, Type type, @Nullable BigDecimal min, @Nullable BigDecimal max, List<String> values,
                    List<InputRef> targets) {

    static final int MAX_TEXT = 4000;

    /** The kinds of value a param can have. */
    enum Type {
        INTEGER, NUMBER, STRING, BOOLEAN;

        static Type of(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        }

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    ParamBinding {
        values = List.copyOf(values);
        targets = List.copyOf(targets);
    }

    /** The job's value as the JSON value ComfyUI gets. */
    JsonNode convert(Object value) throws GenerationException {
        return switch (type) {
            case INTEGER -> JsonNodeFactory.instance.numberNode(inRange(integer(value)).longValueExact());
            case NUMBER -> JsonNodeFactory.instance.numberNode(inRange(number(value)).doubleValue());
            case STRING -> JsonNodeFactory.instance.stringNode(text(value));
            case BOOLEAN -> JsonNodeFactory.instance.booleanNode(bool(value));
        };
    }

    private BigDecimal integer(Object value) throws GenerationException {
        BigDecimal number = number(value);
        try {
            number.longValueExact();
            return number;
        } catch (ArithmeticException e) {
            throw invalid(value, "a whole number");
        }
    }

    private BigDecimal number(Object value) throws GenerationException {
        if (value instanceof Number || value instanceof String) {
            try {
                return new BigDecimal(value.toString().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw invalid(value, type == Type.INTEGER ? "a whole number" : "a number");
    }

    private BigDecimal inRange(BigDecimal number) throws GenerationException {
        if ((min != null && number.compareTo(min) < 0) || (max != null && number.compareTo(max) > 0)) {
            throw GenerationException.permanent("param " + name + " must be from " + bound(min) + " to " + bound(max)
                    + ", was " + number.toPlainString());
        }
        return number;
    }

    private String text(Object value) throws GenerationException {
        if (!(value instanceof String text) || text.length() > MAX_TEXT) {
            throw invalid(value, "a text of at most " + MAX_TEXT + " characters");
        }
        if (!values.isEmpty() && !values.contains(text)) {
            throw GenerationException.permanent("param " + name + " must be one of " + values + ", was " + text);
        }
        return text;
    }

    private boolean bool(Object value) throws GenerationException {
        if (value instanceof Boolean bool) {
            return bool;
        }
        throw invalid(value, "true or false");
    }

    private GenerationException invalid(Object value, String expected) {
        String shown = String.valueOf(value);
        return GenerationException.permanent("param " + name + " must be " + expected + ", was "
                + (shown.length() > 40 ? shown.substring(0, 40) + "…" : shown));
    }

    private static String bound(@Nullable BigDecimal bound) {
        return bound == null ? "any" : bound.toPlainString();
    }
}
