package dev.mediaqueue.gateway.job;

import dev.mediaqueue.gateway.system.InvalidField;
import dev.mediaqueue.gateway.system.SafeText;
import dev.mediaqueue.model.JobFields;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;
import dev.mediaqueue.model.WireFormat;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a job request field by field and collects every problem, so a client fixes them in one go.
 * Blank optional strings count as absent.
 */
@EnableConfigurationProperties(JobProperties.class)
@Component
class JobRequestValidator {

    static final int MAX_CONFIG_ID_LENGTH = 128;
    static final int MAX_LANGUAGE_LENGTH = 35;
    static final int MAX_PARAMS = 32;
    static final int MAX_PARAMS_BYTES = 8 * 1024;
    static final int MAX_PARAM_VALUE_BYTES = 4 * 1024;
    static final int MAX_PARAM_DEPTH = 4;
    static final Duration MAX_START_BY = Duration.ofDays(7);


    private static final String UNSAFE_CHARACTERS = "control characters (other than tab and line breaks) and unpaired surrogates";
    private static final String UNSAFE_TEXT = "must not contain " + UNSAFE_CHARACTERS;

    private final JobProperties properties;
    private final Clock clock;

    JobRequestValidator(JobProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    JobSpec validate(StartJobRequest request) {
        List<InvalidField> errors = new ArrayList<>();
        JobSpec spec = check(request, errors);
        if (!errors.isEmpty()) {
            throw new InvalidJobRequestException(errors);
        }
        return spec;
    }

    /**
     * Checks every item of a batch before any is started; errors name the item ({@code items[3].user_input}).
     */
    List<JobSpec> validateBatch(List<StartJobRequest> items) {
        if (items == null || items.isEmpty() || items.size() > properties.maxBatchSize()) {
            throw new InvalidJobRequestException(List.of(new InvalidField("items", "must hold 1 to "
                    + properties.maxBatchSize() + " job requests, had " + (items == null ? 0 : items.size()))));
        }
        List<InvalidField> errors = new ArrayList<>();
        List<JobSpec> specs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String prefix = "items[" + i + "]";
            if (items.get(i) == null) {
                errors.add(new InvalidField(prefix, "must be a job request object"));
                continue;
            }
            List<InvalidField> itemErrors = new ArrayList<>();
            specs.add(check(items.get(i), itemErrors));
            itemErrors.forEach(e -> errors.add(new InvalidField(prefix + "." + e.field(), e.detail())));
        }
        if (!errors.isEmpty()) {
            throw new InvalidJobRequestException(errors);
        }
        return specs;
    }

    private JobSpec check(StartJobRequest request, List<InvalidField> errors) {
        String configId = token("config_id", request.configId(), MAX_CONFIG_ID_LENGTH, JobFields.CONFIG_ID,
                "letters, digits, '.', '_' and '-', start with a letter or digit and never hold '..'", errors);
        MediaType mediaType = mediaType(request.mediaType(), configId, errors);
        String userInput = userInput(request.userInput(), errors);
        String language = token("language", request.language(), MAX_LANGUAGE_LENGTH, JobFields.LANGUAGE,
                "letters, digits and '-'", errors);
        Priority priority = priority(request.priority(), errors);
        Map<String, Object> params = params(request.params(), errors);
        Instant startBy = startBy(request.startBy(), errors);
        return new JobSpec(mediaType, configId, userInput, language, priority, params, startBy);
    }

    private MediaType mediaType(String value, String configId, List<InvalidField> errors) {
        MediaType configured = configId == null ? null : properties.configMediaTypes().get(configId);
        if (isBlank(value)) {
            if (configured == null) {
                errors.add(new InvalidField("media_type", "is required (one of " + names(MediaType.values(), MediaType::wireName)
                        + ") unless config_id names a configuration with a known media type"));
            }
            return configured;
        }
        Optional<MediaType> parsed = MediaType.parse(normalized(value));
        if (parsed.isEmpty()) {
            errors.add(new InvalidField("media_type", "must be one of " + names(MediaType.values(), MediaType::wireName)
                    + ", was " + quoted(value)));
            return null;
        }
        if (configured != null && configured != parsed.get()) {
            errors.add(new InvalidField("media_type", "is " + parsed.get().wireName() + " but config_id " + quoted(configId)
                    + " makes " + configured.wireName()));
        }
        return parsed.get();
    }

    private String userInput(String value, List<InvalidField> errors) {
        if (value == null) {
            errors.add(new InvalidField("user_input", "is required"));
        } else if (value.isBlank()) {
            errors.add(new InvalidField("user_input", "must not be blank"));
        } else if (value.codePointCount(0, value.length()) > properties.maxPromptLength()) {
            errors.add(new InvalidField("user_input", "must be at most " + properties.maxPromptLength()
                    + " characters, was " + value.codePointCount(0, value.length())));
        } else if (SafeText.hasUnsafeCharacters(value)) {
            errors.add(new InvalidField("user_input", UNSAFE_TEXT));
        }
        return value;
    }

    private static String token(String field, String value, int maxLength, Pattern allowed, String allowedWords,
                                List<InvalidField> errors) {
        if (isBlank(value)) {
            return null;
        }
        if (value.length() > maxLength) {
            errors.add(new InvalidField(field, "must be at most " + maxLength + " characters, was " + value.length()));
        } else if (!allowed.matcher(value).matches()) {
            errors.add(new InvalidField(field, "may only contain " + allowedWords + ", was " + quoted(value)));
        }
        return value;
    }

    private static Priority priority(String value, List<InvalidField> errors) {
        if (isBlank(value)) {
            return Priority.NORMAL;
        }
        Optional<Priority> parsed = Priority.parse(normalized(value));
        if (parsed.isEmpty()) {
            errors.add(new InvalidField("priority", "must be one of " + names(Priority.values(), Priority::wireName)
                    + ", was " + quoted(value)));
        }
        return parsed.orElse(null);
    }

    /** An ISO-8601 instant with offset, in the future and at most {@link #MAX_START_BY} ahead. */
    private Instant startBy(String value, List<InvalidField> errors) {
        if (isBlank(value)) {
            return null;
        }
        Instant startBy;
        try {
            startBy = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(value.strip(), OffsetDateTime::from).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new InvalidField("start_by", "must be an ISO-8601 date and time with offset such as "
                    + "'2026-05-01T12:00:00Z', was " + quoted(value)));
            return null;
        }
        Instant now = clock.instant();
        if (!startBy.isAfter(now)) {
            errors.add(new InvalidField("start_by", "must be in the future, was " + startBy));
        } else if (startBy.isAfter(now.plus(MAX_START_BY))) {
            errors.add(new InvalidField("start_by", "must be at most " + MAX_START_BY.toDays() + " days ahead, was " + startBy));
        }
        return startBy;
    }

    private static Map<String, Object> params(JsonNode value, List<InvalidField> errors) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return Map.of();
        }
        if (!value.isObject()) {
            errors.add(new InvalidField("params", "must be a JSON object"));
            return Map.of();
        }
        int before = errors.size();
        if (value.size() > MAX_PARAMS) {
            errors.add(new InvalidField("params", "must have at most " + MAX_PARAMS + " keys, had " + value.size()));
        }
        value.propertyNames().stream().filter(key -> !JobFields.PARAM_KEY.matcher(key).matches()).findFirst().ifPresent(key ->
                errors.add(new InvalidField("params", "key " + quoted(key)
                        + " must be 1 to 64 letters, digits, '_', '.' or '-'")));
        if (errors.size() == before) {
            value.properties().forEach(entry -> paramValue("params." + entry.getKey(), entry.getValue(), errors));
        }
        if (errors.size() == before) {
            int bytes = WireFormat.write(value).length;
            if (bytes > MAX_PARAMS_BYTES) {
                errors.add(new InvalidField("params", "must be at most " + MAX_PARAMS_BYTES + " bytes as JSON, was " + bytes));
            }
        }
        if (errors.size() > before) {
            return Map.of();
        }
        Map<String, Object> params = new LinkedHashMap<>();
        // a null parameter means "not set"; the job message holds no nulls
        value.properties().stream().filter(entry -> !entry.getValue().isNull()).forEach(entry ->
                params.put(entry.getKey(), WireFormat.mapper().convertValue(entry.getValue(), Object.class)));
        return params;
    }

    /** One parameter: small, shallow, finite numbers, no unsafe characters (checked before it is serialized). */
    private static void paramValue(String field, JsonNode value, List<InvalidField> errors) {
        if (depth(value) > MAX_PARAM_DEPTH) {
            errors.add(new InvalidField(field, "must not nest objects or arrays deeper than " + MAX_PARAM_DEPTH + " levels"));
            return;
        }
        if (!isWritable(value)) {
            errors.add(new InvalidField(field, "numbers must be finite and strings free of " + UNSAFE_CHARACTERS));
            return;
        }
        int bytes = WireFormat.write(value).length;
        if (bytes > MAX_PARAM_VALUE_BYTES) {
            errors.add(new InvalidField(field, "must be at most " + MAX_PARAM_VALUE_BYTES + " bytes as JSON, was " + bytes));
        }
    }

    /** 0 for a scalar, 1 for an object or array of scalars, and so on. */
    private static int depth(JsonNode value) {
        if (!value.isContainer()) {
            return 0;
        }
        int deepest = 0;
        for (JsonNode child : value.values()) {
            deepest = Math.max(deepest, depth(child));
            if (deepest > MAX_PARAM_DEPTH) {
                break;
            }
        }
        return deepest + 1;
    }

    private static boolean isWritable(JsonNode value) {
        if (value.isContainer()) {
            for (JsonNode child : value.values()) {
                if (!isWritable(child)) {
                    return false;
                }
            }
            return value.isArray() || value.propertyNames().stream().noneMatch(SafeText::hasUnsafeCharacters);
        }
        if (value.isNumber()) {
            return Double.isFinite(value.numberValue().doubleValue());
        }
        return !value.isString() || !SafeText.hasUnsafeCharacters(value.stringValue());
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String normalized(String value) {
        return value.strip().toLowerCase(Locale.ROOT);
    }

    private static <T> String names(T[] values, Function<T, String> name) {
        return Arrays.stream(values).map(name).collect(Collectors.joining(", "));
    }

    /** The value for an error message, cut short: a client's typo should not echo kilobytes back. */
    private static String quoted(String value) {
        return "'" + SafeText.forEcho(value, 40) + "'";
    }
}
