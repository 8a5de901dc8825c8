package dev.mediaqueue.gateway.job;

import dev.mediaqueue.gateway.system.InvalidField;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;
import dev.mediaqueue.model.WireFormat;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JobRequestValidatorTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    private final JobRequestValidator validator = new JobRequestValidator(
            new JobProperties(20, Map.of("flux.dev", MediaType.IMAGE, "wan-2.1", MediaType.VIDEO), Duration.ofSeconds(5), 3),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void minimalRequestGetsDefaults() {
        JobSpec spec = validator.validate(request("image", null, "a cat", null, null, null));

        assertThat(spec).isEqualTo(new JobSpec(MediaType.IMAGE, null, "a cat", null, Priority.NORMAL, Map.of(), null));
    }

    @Test
    void fullRequestIsTakenAsGiven() {
        JobSpec spec = validator.validate(request("video", "wan-2.1", "a dog", "de-CH", "urgent",
                "{\"steps\":30,\"size\":{\"w\":512},\"tags\":[\"a\"]}"));

        assertThat(spec.mediaType()).isEqualTo(MediaType.VIDEO);
        assertThat(spec.configId()).isEqualTo("wan-2.1");
        assertThat(spec.language()).isEqualTo("de-CH");
        assertThat(spec.priority()).isEqualTo(Priority.URGENT);
        assertThat(spec.params()).containsEntry("steps", 30).containsEntry("size", Map.of("w", 512));
    }

    @Test
    void mediaTypeComesFromAConfiguredConfigId() {
        assertThat(validator.validate(request(null, "flux.dev", "a cat", null, null, null)).mediaType())
                .isEqualTo(MediaType.IMAGE);
    }

    @Test
    void mediaTypeAndPriorityAreReadRegardlessOfCase() {
        JobSpec spec = validator.validate(request(" Audio ", null, "rain", null, "HIGH", null));

        assertThat(spec.mediaType()).isEqualTo(MediaType.AUDIO);
        assertThat(spec.priority()).isEqualTo(Priority.HIGH);
    }

    @Test
    void blankOptionalFieldsCountAsAbsent() {
        JobSpec spec = validator.validate(request("image", "", "a cat", " ", "", "null"));

        assertThat(spec).isEqualTo(new JobSpec(MediaType.IMAGE, null, "a cat", null, Priority.NORMAL, Map.of(), null));
    }

    @Test
    void nullParametersAreDropped() {
        JobSpec spec = validator.validate(request("image", null, "a cat", null, null, "{\"seed\":null,\"steps\":4}"));

        assertThat(spec.params()).isEqualTo(Map.of("steps", 4));
    }

    @Test
    void missingMediaTypeWithoutAConfiguredConfigIdIsRejected() {
        assertThat(errors(request(null, "unknown-config", "a cat", null, null, null)))
                .containsOnlyKeys("media_type")
                .hasEntrySatisfying("media_type", detail -> assertThat(detail).startsWith("is required"));
    }

    @Test
    void mediaTypeContradictingTheConfigIdIsRejected() {
        assertThat(errors(request("video", "flux.dev", "a cat", null, null, null)))
                .containsEntry("media_type", "is video but config_id 'flux.dev' makes image");
    }

    @Test
    void unknownMediaTypeNamesTheAllowedValues() {
        assertThat(errors(request("gif", null, "a cat", null, null, null)))
                .containsEntry("media_type", "must be one of image, video, audio, was 'gif'");
    }

    @Test
    void unknownPriorityNamesTheAllowedValues() {
        assertThat(errors(request("image", null, "a cat", null, "asap", null)))
                .containsEntry("priority", "must be one of low, normal, high, urgent, was 'asap'");
    }

    @Test
    void missingOrBlankPromptIsRejected() {
        assertThat(errors(request("image", null, null, null, null, null))).containsEntry("user_input", "is required");
        assertThat(errors(request("image", null, " \n", null, null, null))).containsEntry("user_input", "must not be blank");
    }

    @Test
    void promptOverTheLimitIsRejectedCountingCharactersNotBytes() {
        String emoji = "\uD83D\uDE00".repeat(20);
        assertThat(validator.validate(request("image", null, emoji, null, null, null)).userInput()).isEqualTo(emoji);

        assertThat(errors(request("image", null, "x".repeat(21), null, null, null)))
                .containsEntry("user_input", "must be at most 20 characters, was 21");
    }

    @Test
    void configIdAndLanguageMustBeSimpleTokens() {
        assertThat(errors(request("image", "../etc", "a cat", "en us", null, null)))
                .containsEntry("config_id", "may only contain letters, digits, '.', '_' and '-', start with a letter or digit and never hold '..', was '../etc'")
                .containsEntry("language", "may only contain letters, digits and '-', was 'en us'");
        assertThat(errors(request("image", "c".repeat(129), "a cat", "l".repeat(36), null, null)))
                .containsEntry("config_id", "must be at most 128 characters, was 129")
                .containsEntry("language", "must be at most 35 characters, was 36");
    }

    @Test
    void paramsMustBeASmallObjectWithSimpleKeys() {
        assertThat(errors(request("image", null, "a cat", null, null, "[1,2]")))
                .containsEntry("params", "must be a JSON object");
        assertThat(errors(request("image", null, "a cat", null, null, "{\"a b\":1}")))
                .containsEntry("params", "key 'a b' must be 1 to 64 letters, digits, '_', '.' or '-'");
        String manyKeys = IntStream.range(0, 33).mapToObj(i -> "\"k" + i + "\":" + i)
                .collect(Collectors.joining(",", "{", "}"));
        assertThat(errors(request("image", null, "a cat", null, null, manyKeys)))
                .containsEntry("params", "must have at most 32 keys, had 33");
        String large = IntStream.range(0, 3).mapToObj(i -> "\"p" + i + "\":\"" + "x".repeat(3000) + "\"")
                .collect(Collectors.joining(",", "{", "}"));
        assertThat(errors(request("image", null, "a cat", null, null, large)))
                .hasEntrySatisfying("params", detail -> assertThat(detail).startsWith("must be at most 8192 bytes as JSON"));
    }

    @Test
    void eachParamValueIsLimitedInSizeAndNamed() {
        String large = "{\"negative\":\"" + "x".repeat(5000) + "\"}";

        assertThat(errors(request("image", null, "a cat", null, null, large)))
                .containsOnlyKeys("params.negative")
                .hasEntrySatisfying("params.negative", detail -> assertThat(detail).startsWith("must be at most 4096 bytes as JSON, was 50"));
    }

    @Test
    void paramsMayNestFourLevelsDeepAndNoMore() {
        assertThat(validator.validate(request("image", null, "a cat", null, null, "{\"a\":[[[{\"b\":1}]]]}")).params())
                .containsKey("a");
        assertThat(errors(request("image", null, "a cat", null, null, "{\"a\":[[[[{\"b\":1}]]]]}")))
                .containsEntry("params.a", "must not nest objects or arrays deeper than 4 levels");
    }

    @Test
    void paramsWithHugeNumbersOrUnsafeStringsAreRejected() {
        assertThat(errors(request("image", null, "a cat", null, null, "{\"seed\":1e999}")))
                .containsKey("params.seed");
        assertThat(errors(request("image", null, "a cat", null, null, "{\"seed\":" + "9".repeat(400) + "}")))
                .containsKey("params.seed");
        assertThat(errors(request("image", null, "a cat", null, null, "{\"tag\":[\"a\\u0000b\"]}")))
                .containsEntry("params.tag", "numbers must be finite and strings free of control characters "
                        + "(other than tab and line breaks) and unpaired surrogates");
        assertThat(errors(request("image", null, "a cat", null, null, "{\"tag\":{\"\\ud800\":1}}")))
                .containsKey("params.tag");
    }

    @Test
    void promptWithControlCharactersOrUnpairedSurrogatesIsRejected() {
        assertThat(errors(request("image", null, "a\u0000cat", null, null, null)))
                .containsEntry("user_input", "must not contain control characters (other than tab and line breaks) "
                        + "and unpaired surrogates");
        assertThat(errors(request("image", null, "a cat \ud83d", null, null, null))).containsKey("user_input");
        assertThat(errors(request("image", null, "\udc00 a cat", null, null, null))).containsKey("user_input");
    }

    @Test
    void promptMayHoldLineBreaksEmojiAndRightToLeftText() {
        String prompt = "cat\n\thut \uD83D\uDC31 \u202Eשלום\u202C";

        assertThat(validator.validate(request("image", null, prompt, null, null, null)).userInput()).isEqualTo(prompt);
    }

    @Test
    void quotedValuesInMessagesAreMadeSafeToEcho() {
        assertThat(errors(request("im\u0000age\ud800", null, "a cat", null, null, null)).get("media_type"))
                .contains("'im\uFFFDage\uFFFD'");
    }

    @Test
    void everyInvalidFieldIsReportedAtOnce() {
        assertThat(errors(request("gif", "a/b", "", "?", "max", "1")))
                .containsOnlyKeys("media_type", "config_id", "user_input", "language", "priority", "params");
    }

    @Test
    void longValuesAreCutShortInMessages() {
        assertThat(errors(request("x".repeat(500), null, "a cat", null, null, null)).get("media_type"))
                .hasSizeLessThan(120);
    }

    @Test
    void startByIsAnInstantWithOffset() {
        assertThat(validator.validate(request("image", "a cat", "2026-01-01T11:30:00Z")).startBy())
                .isEqualTo(Instant.parse("2026-01-01T11:30:00Z"));
        assertThat(validator.validate(request("image", "a cat", "2026-01-01T12:30:00+02:00")).startBy())
                .isEqualTo(Instant.parse("2026-01-01T10:30:00Z"));
    }

    @Test
    void startByThatIsNoInstantIsRejected() {
        assertThat(errors(request("image", "a cat", "tomorrow")))
                .hasEntrySatisfying("start_by", detail -> assertThat(detail).startsWith("must be an ISO-8601 date and time"));
        assertThat(errors(request("image", "a cat", "2026-01-01T11:30:00")))
                .as("without an offset the instant is ambiguous").containsKey("start_by");
    }

    @Test
    void startByMustBeInTheFutureAndAtMostSevenDaysAhead() {
        assertThat(errors(request("image", "a cat", "2026-01-01T10:00:00Z")))
                .containsEntry("start_by", "must be in the future, was 2026-01-01T10:00:00Z");
        assertThat(validator.validate(request("image", "a cat", "2026-01-08T10:00:00Z")).startBy()).isNotNull();
        assertThat(errors(request("image", "a cat", "2026-01-08T10:00:01Z")))
                .containsEntry("start_by", "must be at most 7 days ahead, was 2026-01-08T10:00:01Z");
    }

    @Test
    void batchItemsAreAllCheckedAndErrorsNameTheItem() {
        List<InvalidField> errors = assertThatExceptionOfType(InvalidJobRequestException.class)
                .isThrownBy(() -> validator.validateBatch(Arrays.asList(request("image", null, "a cat", null, null, null),
                        request("gif", null, "", null, null, null), null)))
                .actual().errors();

        assertThat(errors).extracting(InvalidField::field)
                .containsExactly("items[1].media_type", "items[1].user_input", "items[2]");
    }

    @Test
    void batchOfValidItemsGivesOneSpecPerItemInOrder() {
        assertThat(validator.validateBatch(List.of(request("image", null, "one", null, null, null),
                request("audio", null, "two", null, null, null))))
                .extracting(JobSpec::userInput).containsExactly("one", "two");
    }

    @Test
    void emptyOrOversizedBatchIsRejected() {
        StartJobRequest item = request("image", null, "a cat", null, null, null);
        for (List<StartJobRequest> items : Arrays.asList(null, List.<StartJobRequest>of(), List.of(item, item, item, item))) {
            assertThatExceptionOfType(InvalidJobRequestException.class)
                    .isThrownBy(() -> validator.validateBatch(items))
                    .satisfies(e -> assertThat(e.errors()).singleElement().extracting(InvalidField::field).isEqualTo("items"));
        }
    }

    private Map<String, String> errors(StartJobRequest request) {
        return assertThatExceptionOfType(InvalidJobRequestException.class)
                .isThrownBy(() -> validator.validate(request))
                .actual().errors().stream()
                .collect(Collectors.toMap(InvalidField::field, InvalidField::detail));
    }

    private static StartJobRequest request(String mediaType, String userInput, String startBy) {
        return new StartJobRequest(mediaType, null, userInput, null, null, null, startBy);
    }

    private static StartJobRequest request(String mediaType, String configId, String userInput, String language,
                                           String priority, String paramsJson) {
        JsonNode params = paramsJson == null ? null : WireFormat.mapper().readTree(paramsJson);
        return new StartJobRequest(mediaType, configId, userInput, language, priority, params, null);
    }
}
