package dev.mediaqueue.model;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireFormatTest {

    private final JobMessage job = new JobMessage(UUID.randomUUID(), MediaType.IMAGE, "sd35", "a red house", "de",
            Priority.URGENT, Map.of("steps", 30), "acme", Instant.parse("2026-11-28T12:00:00Z"), null, null);

    @Test
    void aJobMessageRoundTripsInSnakeCaseWithLowerCaseEnums() {
        byte[] bytes = WireFormat.write(job);
        String json = new String(bytes, StandardCharsets.UTF_8);
        assertThat(json).contains("\"job_id\"", "\"media_type\":\"image\"", "\"user_input\"", "\"priority\":\"urgent\"",
                "\"created_at\":\"2026-11-28T12:00:00Z\"");
        assertThat(WireFormat.read(bytes, JobMessage.class)).isEqualTo(job);
    }

    @Test
    void aStatusEventRoundTripsWithItsResult() {
        StatusEvent completed = StatusEvent.queued(job).next().state(JobState.COMPLETED).attempt(1).seq(4)
                .progress(100).result(new JobResult("/exports/x.png", "image/png", 1234, Map.of("width", 512)))
                .at(Instant.parse("2026-11-28T12:00:09Z"));
        byte[] bytes = WireFormat.write(completed);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"state\":\"completed\"", "\"output_url\"");
        assertThat(WireFormat.read(bytes, StatusEvent.class)).isEqualTo(completed);
    }

    @Test
    void unknownFieldsFromNewerComponentsAreIgnored() {
        String json = new String(WireFormat.write(job), StandardCharsets.UTF_8).replaceFirst("\\{", "{\"shiny_new_field\":1,");
        assertThat(WireFormat.read(json.getBytes(StandardCharsets.UTF_8), JobMessage.class)).isEqualTo(job);
    }

    @Test
    void aMessageWithoutJobIdIsMalformed() {
        byte[] bytes = "{\"media_type\":\"image\",\"user_input\":\"x\",\"created_at\":\"2026-11-28T12:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> WireFormat.read(bytes, JobMessage.class))
                .isInstanceOf(WireFormat.MalformedMessageException.class)
                .hasMessageContaining("job_id");
    }

    @Test
    void brokenJsonAndUnknownEnumsAreMalformed() {
        assertThatThrownBy(() -> WireFormat.read("{\"nope\":".getBytes(StandardCharsets.UTF_8), JobMessage.class))
                .isInstanceOf(WireFormat.MalformedMessageException.class);
        String unknownType = new String(WireFormat.write(job), StandardCharsets.UTF_8).replace("\"image\"", "\"hologram\"");
        assertThatThrownBy(() -> WireFormat.read(unknownType.getBytes(StandardCharsets.UTF_8), JobMessage.class))
                .isInstanceOf(WireFormat.MalformedMessageException.class);
    }

    @Test
    void instantsKeepEveryFractionAndOffsetsAreAppliedWhenRead() {
        Instant precise = Instant.parse("2026-11-28T12:00:09.123456789Z");
        StatusEvent event = StatusEvent.queued(job).next().state(JobState.RUNNING).attempt(1).seq(1).at(precise);
        assertThat(WireFormat.read(WireFormat.write(event), StatusEvent.class).updatedAt()).isEqualTo(precise);

        String withOffset = new String(WireFormat.write(job), StandardCharsets.UTF_8)
                .replace("\"2026-11-28T12:00:00Z\"", "\"2026-11-28T14:00:00.5+02:00\"");
        assertThat(WireFormat.read(withOffset.getBytes(StandardCharsets.UTF_8), JobMessage.class).createdAt())
                .isEqualTo(Instant.parse("2026-11-28T12:00:00.500Z"));
    }

    @Test
    void instantsOutsideTheCommonShapeAreReadAsJacksonReadsThem() {
        String json = new String(WireFormat.write(job), StandardCharsets.UTF_8);
        String lowerCase = json.replace("\"2026-11-28T12:00:00Z\"", "\"2026-11-28t12:00:00z\"");
        assertThat(WireFormat.read(lowerCase.getBytes(StandardCharsets.UTF_8), JobMessage.class).createdAt())
                .isEqualTo(Instant.parse("2026-11-28T12:00:00Z"));
        String epochSeconds = json.replace("\"2026-11-28T12:00:00Z\"", "1795867200.25");
        assertThat(WireFormat.read(epochSeconds.getBytes(StandardCharsets.UTF_8), JobMessage.class).createdAt())
                .isEqualTo(Instant.parse("2026-11-28T12:00:00.250Z"));
    }

    @Test
    void anImpossibleInstantIsMalformed() {
        String json = new String(WireFormat.write(job), StandardCharsets.UTF_8)
                .replace("\"2026-11-28T12:00:00Z\"", "\"2026-02-30T12:00:00Z\"");
        assertThatThrownBy(() -> WireFormat.read(json.getBytes(StandardCharsets.UTF_8), JobMessage.class))
                .isInstanceOf(WireFormat.MalformedMessageException.class)
                .hasMessageContaining("2026-02-30");
    }

    @Test
    void everyEnumReadsItsWireNamesAndRefusesOthers() {
        for (JobState state : JobState.values()) {
            assertThat(JobState.parse(state.wireName())).contains(state);
        }
        for (MediaType type : MediaType.values()) {
            assertThat(MediaType.parse(type.wireName())).contains(type);
        }
        for (Priority priority : Priority.values()) {
            assertThat(Priority.parse(priority.wireName())).contains(priority);
        }
        for (ErrorType type : ErrorType.values()) {
            assertThat(ErrorType.fromWire(type.wireName())).isEqualTo(type);
        }
        assertThat(JobState.parse("RUNNING")).isEmpty();
        assertThat(MediaType.parse(null)).isEmpty();
        assertThat(Priority.parse("")).isEmpty();
        assertThat(ErrorType.fromWire("out_of_coffee")).isEqualTo(ErrorType.INTERNAL);
        assertThat(ErrorType.TIMED_OUT.wireName()).isEqualTo("timed_out");
    }

    @Test
    void aRecordThatRefusesItsValuesIsMalformedWithTheRecordsReason() {
        StatusEvent running = StatusEvent.queued(job).next().state(JobState.RUNNING).attempt(1).seq(1).progress(40)
                .at(Instant.parse("2026-11-28T12:00:05Z"));
        String json = new String(WireFormat.write(running), StandardCharsets.UTF_8).replace("\"progress\":40", "\"progress\":140");
        assertThatThrownBy(() -> WireFormat.read(json.getBytes(StandardCharsets.UTF_8), StatusEvent.class))
                .isInstanceOf(WireFormat.MalformedMessageException.class)
                .hasMessageContaining("progress must be 0..100, was 140");
    }
}
