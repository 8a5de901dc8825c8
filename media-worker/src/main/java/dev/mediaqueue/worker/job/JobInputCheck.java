package dev.mediaqueue.worker.job;

import dev.mediaqueue.model.JobFields;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.WireFormat;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The worker's distrust of a job message that parsed: a field that is oversized or looks like a path
 * makes the job fail permanently, with the field named, before any generator sees it. Only this job is
 * affected: it is recorded as failed and acknowledged like any refused job.
 *
 * <p>No field of a message ever becomes part of a file path ({@code OutputFiles} names outputs after
 * the job id), so these checks are a second line: they keep hostile text out of generators, logs and
 * status events, and keep a generator's lookups (a workflow by {@code config_id}) to plain names.
 */
@Component
class JobInputCheck {


    private final JobInputLimits limits;

    JobInputCheck(JobInputLimits limits) {
        this.limits = limits;
    }

    /** Whether a message body is small enough to be parsed. */
    boolean fits(byte[] body) {
        return body.length <= limits.maxMessageSize().toBytes();
    }

    /** Why this job must not run, naming the field; empty when it may. */
    Optional<String> refusal(JobMessage job) {
        if (job.userInput().codePointCount(0, job.userInput().length()) > limits.maxUserInput()) {
            return refuse("user_input", "is longer than " + limits.maxUserInput() + " characters");
        }
        if (job.configId() != null && !matches(JobFields.CONFIG_ID, job.configId())) {
            return refuse("config_id", "must be a plain name of at most " + limits.maxTokenLength()
                    + " letters, digits, '.', '_' or '-' (no path)");
        }
        if (job.language() != null && !matches(JobFields.LANGUAGE, job.language())) {
            return refuse("language", "must be a language tag of at most " + limits.maxTokenLength() + " characters");
        }
        if (job.tenant().length() > limits.maxTokenLength() || job.tenant().codePoints().anyMatch(Character::isISOControl)) {
            return refuse("tenant", "must be at most " + limits.maxTokenLength() + " characters without control characters");
        }
        if (job.params().size() > limits.maxParams()) {
            return refuse("params", "has more than " + limits.maxParams() + " keys");
        }
        Optional<String> key = job.params().keySet().stream().filter(k -> !JobFields.PARAM_KEY.matcher(k).matches()).findFirst();
        if (key.isPresent()) {
            return refuse("params", "has a key that is not 1-64 letters, digits, '_', '.' or '-'");
        }
        if (WireFormat.write(job.params()).length > limits.maxParamsSize().toBytes()) {
            return refuse("params", "is larger than " + limits.maxParamsSize() + " as JSON");
        }
        return Optional.empty();
    }

    private boolean matches(Pattern pattern, String value) {
        return value.length() <= limits.maxTokenLength() && pattern.matcher(value).matches();
    }

    private static Optional<String> refuse(String field, String why) {
        return Optional.of("The job message was refused: " + field + " " + why);
    }
}
