package dev.mediaqueue.model;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the ISO-8601 instants the apps write ({@code 2026-11-28T12:00:09.123456Z}, also with an offset
 * like {@code +02:00}) without {@link java.time.format.DateTimeFormatter}, whose general parser was a
 * third of the time a gateway spent reading status events at start (four instants an event, millions of
 * events; JFR, docs/guide/performance.md).
 *
 * <p>Only the common shape is read here: {@code yyyy-MM-ddTHH:mm:ss}, an optional fraction of 1 to 9
 * digits, then {@code Z} or {@code ±HH:MM}. Anything else (lower-case letters, a leap second, a year
 * beyond 9999, no seconds) answers null, and the caller leaves it to the general parser, which reads it
 * or says what is wrong with it.
 */
final class IsoInstants {

    private static final int SECONDS_PER_DAY = 86_400;

    private IsoInstants() {
    }

    /** The instant in {@code text[offset, offset + length)}, or null when it is not in the common shape. */
    static Instant parse(char[] text, int offset, int length) {
        int end = offset + length;
        if (length < 20 || text[offset + 4] != '-' || text[offset + 7] != '-' || text[offset + 10] != 'T'
                || text[offset + 13] != ':' || text[offset + 16] != ':') {
            return null;
        }
        int year = digits(text, offset, 4);
        int month = digits(text, offset + 5, 2);
        int day = digits(text, offset + 8, 2);
        int hour = digits(text, offset + 11, 2);
        int minute = digits(text, offset + 14, 2);
        int second = digits(text, offset + 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int at = offset + 19;
        int nanos = 0;
        if (text[at] == '.') {
            int start = ++at;
            while (at < end && at - start < 9 && isDigit(text[at])) {
                nanos = nanos * 10 + (text[at++] - '0');
            }
            int count = at - start;
            if (count == 0 || (at < end && isDigit(text[at]))) {
                return null;
            }
            nanos *= scale(count);
        }
        int offsetSeconds = zoneOffsetSeconds(text, at, end);
        if (offsetSeconds == Integer.MIN_VALUE) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        long epochSecond = epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** 10^(9 − digits): what a fraction of {@code digits} digits is multiplied by to be nanoseconds. */
    private static int scale(int digits) {
        int factor = 1;
        for (int i = digits; i < 9; i++) {
            factor *= 10;
        }
        return factor;
    }

    /** {@code Z} → 0, {@code ±HH:MM} → its seconds, anything else (or trailing text) → MIN_VALUE. */
    private static int zoneOffsetSeconds(char[] text, int at, int end) {
        if (at == end - 1 && text[at] == 'Z') {
            return 0;
        }
        if (at != end - 6 || (text[at] != '+' && text[at] != '-') || text[at + 3] != ':') {
            return Integer.MIN_VALUE;
        }
        int hours = digits(text, at + 1, 2);
        int minutes = digits(text, at + 4, 2);
        if (hours < 0 || hours > 18 || minutes < 0 || minutes > 59) {
            return Integer.MIN_VALUE;
        }
        int seconds = hours * 3600 + minutes * 60;
        if (seconds > 18 * 3600) {
            return Integer.MIN_VALUE;
        }
        return text[at] == '-' ? -seconds : seconds;
    }

    /** The number written with {@code count} ASCII digits at {@code at}, or -1. */
    private static int digits(char[] text, int at, int count) {
        int value = 0;
        for (int i = at; i < at + count; i++) {
            if (!isDigit(text[i])) {
                return -1;
            }
            value = value * 10 + (text[i] - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
