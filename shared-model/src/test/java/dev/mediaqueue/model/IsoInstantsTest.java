package dev.mediaqueue.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class IsoInstantsTest {

    private static Instant parse(String text) {
        // embedded in a larger buffer, as in a parser's text buffer
        String padded = "xx" + text + "yy";
        return IsoInstants.parse(padded.toCharArray(), 2, text.length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-28T12:00:09Z", "2026-11-28T12:00:09.1Z", "2026-11-28T12:00:09.12Z",
            "2026-11-28T12:00:09.123Z", "2026-11-28T12:00:09.123456Z", "2026-11-28T12:00:09.123456789Z",
            "2026-11-28T12:00:09.000000001Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z",
            "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2024-02-29T23:59:59Z", "2000-02-29T00:00:00Z"})
    void readsWhatTheJdkReadsInTheShapeTheAppsWrite(String text) {
        assertThat(parse(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-28T12:00:09+02:00", "2026-11-28T00:30:00-05:30", "2026-01-01T00:00:00.5+14:00",
            "2026-12-31T23:59:59.25-12:00", "2026-11-28T12:00:09+00:00", "2026-11-28T12:00:09-18:00"})
    void appliesAnOffset(String text) {
        assertThat(parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @Test
    void roundTripsWhatInstantWrites() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            assertThat(parse(instant.toString())).as(instant.toString()).isEqualTo(instant);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-28t12:00:09Z", "2026-11-28T12:00:09z", "2026-11-28T12:00:60Z", "2026-11-28T24:00:00Z",
            "2026-02-29T12:00:00Z", "2026-04-31T12:00:00Z", "2026-13-01T12:00:00Z", "2026-00-01T12:00:00Z",
            "2026-11-28T12:00:09", "2026-11-28T12:00Z", "2026-11-28T12:00:09.Z", "2026-11-28T12:00:09.1234567891Z",
            "2026-11-28T12:00:09+0200", "2026-11-28T12:00:09+02", "2026-11-28T12:00:09+19:00", "2026-11-28T12:00:09+02:00:00",
            "+12026-11-28T12:00:09Z", "2026-11-28T12:00:09Zx", "2026-11-28 12:00:09Z", "2026-1a-28T12:00:09Z", "20261128T120009Z"})
    void leavesEverythingElseToTheGeneralParser(String text) {
        assertThat(parse(text)).isNull();
    }
}
