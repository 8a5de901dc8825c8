package dev.mediaqueue.gateway.system;

/**
 * Checks on text from a request that no other rule covers: control characters and unpaired UTF-16 surrogates
 * (a JSON {@code "\ud800"} decodes to one). Neither belongs in a prompt, and an unpaired surrogate cannot be
 * written as UTF-8 at all, so echoing or forwarding one would fail later instead of being a 400 now.
 */
public final class SafeText {

    private static final char REPLACEMENT = '\uFFFD';

    private SafeText() {
    }

    /** Whether the text has a control character other than tab and line breaks, or an unpaired surrogate. */
    public static boolean hasUnsafeCharacters(String value) {
        return firstUnsafe(value, true) >= 0;
    }

    /**
     * The value fit to quote back in a problem: every control character and unpaired surrogate replaced by
     * U+FFFD, cut to {@code maxChars} with an ellipsis (a client's typo should not echo kilobytes back).
     */
    public static String forEcho(String value, int maxChars) {
        String cut = value.length() > maxChars ? value.substring(0, maxChars) + "…" : value;
        if (firstUnsafe(cut, false) < 0) {
            return cut;
        }
        StringBuilder clean = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < cut.length() && Character.isLowSurrogate(cut.charAt(i + 1))) {
                clean.append(c).append(cut.charAt(++i));
            } else {
                clean.append(Character.isSurrogate(c) || Character.isISOControl(c) ? REPLACEMENT : c);
            }
        }
        return clean.toString();
    }

    private static int firstUnsafe(String value, boolean allowLineBreaks) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c) || (Character.isISOControl(c) && !(allowLineBreaks && isLineSpace(c)))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isLineSpace(char c) {
        return c == '\t' || c == '\n' || c == '\r';
    }
}
