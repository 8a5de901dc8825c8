package dev.mediaqueue.gateway.history;

import dev.mediaqueue.gateway.apidocs.ApiExamples;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.mediaqueue.gateway.security.Caller;
import dev.mediaqueue.gateway.results.ResultUrls;
import dev.mediaqueue.gateway.status.PollAdvice;
import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.gateway.system.InvalidField;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.JobStatusView;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

@Tag(name = "jobs")
@RestController
class HistoryController {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    /** The answer of {@code GET /api/jobs}. */
    record JobList(List<JobStatusView> jobs) {
    }

    private final JobHistoryIndex history;
    private final StatusCache cache;
    private final PollAdvice pollAdvice;
    private final ResultUrls urls;

    HistoryController(JobHistoryIndex history, StatusCache cache, PollAdvice pollAdvice, ResultUrls urls) {
        this.history = history;
        this.cache = cache;
        this.pollAdvice = pollAdvice;
        this.urls = urls;
    }

    /** The caller's jobs, newest first; {@code limit} defaults to 20, larger than 100 is cut to 100. */
    @Operation(summary = "The caller's recent jobs", description = """
            Newest first by `created_at`, optionally only one `status` and/or `media_type`; `limit` defaults to 20 and
            is cut to 100.""")
    @ApiResponse(responseCode = "200", description = "The jobs",
            content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = ApiExamples.JOB_LIST)))
    @ApiResponse(responseCode = "400", ref = ApiExamples.BAD_REQUEST)
    @GetMapping("/api/jobs")
    ResponseEntity<JobList> jobs(Caller caller, @RequestParam(required = false) String status,
                                 @RequestParam(name = "media_type", required = false) String mediaType,
                                 @RequestParam(required = false) String limit) {
        List<InvalidField> errors = new ArrayList<>();
        JobState state = parse("status", status, JobState.values(), JobState::wireName, errors);
        MediaType type = parse("media_type", mediaType, MediaType.values(), MediaType::wireName, errors);
        int max = limit(limit, errors);
        if (!errors.isEmpty()) {
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, InvalidField.problem(errors), null);
        }
        List<JobStatusView> jobs = history.newestFirst(caller.tenant(), state, type)
                .flatMap(entry -> cache.get(entry.jobId()).stream())
                // the index may lag a state change by a moment; the cache is the truth
                .filter(job -> state == null || job.state() == state)
                .limit(max)
                .map(this::view)
                .toList();
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new JobList(jobs));
    }

    private JobStatusView view(StatusEvent job) {
        return urls.signed(JobStatusView.of(job, null, null, pollAdvice.pollAfterMs(job.state())));
    }

    private static <T> T parse(String name, String value, T[] values, Function<T, String> wireName,
                               List<InvalidField> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        Optional<T> found = Arrays.stream(values).filter(v -> wireName.apply(v).equals(wanted)).findFirst();
        if (found.isEmpty()) {
            errors.add(new InvalidField(name, "must be one of "
                    + Arrays.stream(values).map(wireName).collect(Collectors.joining(", ")) + ", was '" + shortened(value) + "'"));
        }
        return found.orElse(null);
    }

    private static int limit(String value, List<InvalidField> errors) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit < 1) {
                errors.add(new InvalidField("limit", "must be at least 1, was " + limit));
            }
            return Math.min(limit, MAX_LIMIT);
        } catch (NumberFormatException e) {
            errors.add(new InvalidField("limit", "must be a whole number from 1 to " + MAX_LIMIT + ", was '" + shortened(value) + "'"));
            return DEFAULT_LIMIT;
        }
    }

    private static String shortened(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
