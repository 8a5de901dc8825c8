package dev.mediaqueue.model;

import java.util.regex.Pattern;

/**
 * The characters a job's name-like fields may hold: the same rules for the gateway that accepts a
 * request and the worker that distrusts the message it is handed, so a job one accepts the other never
 * refuses for its spelling. Lengths are each side's own limits.
 */
public final class JobFields {

    /**
     * {@code config_id}: a plain name that starts with a letter or digit, of letters, digits, {@code .},
     * {@code _} and {@code -}, never {@code ..}: it can never be read as a path.
     */
    public static final Pattern CONFIG_ID = Pattern.compile("(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._-]*");

    /** {@code language}: a language tag's characters. */
    public static final Pattern LANGUAGE = Pattern.compile("[A-Za-z0-9-]+");

    /** A key of {@code params}: 1–64 letters, digits, {@code _}, {@code .} and {@code -}. */
    public static final Pattern PARAM_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private JobFields() {
    }
}
