package dev.mediaqueue.gateway.job;

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
import dev.mediaqueue.gateway.system.BrokerRefusedException;
import dev.mediaqueue.model.JobStatusView;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.UUID;

@Tag(name = "jobs")
@RestController
class BatchController {

    private final JobRequestValidator validator;
    private final JobStarter starter;
    private final BatchIndex batches;
    private final StatusCache cache;
    private final PollAdvice pollAdvice;
    private final JobProperties properties;
    private final ResultUrls urls;

    BatchController(JobRequestValidator validator, JobStarter starter, BatchIndex batches, StatusCache cache,
                    PollAdvice pollAdvice, JobProperties properties, ResultUrls urls) {
        this.validator = validator;
        this.starter = starter;
        this.batches = batches;
        this.cache = cache;
        this.pollAdvice = pollAdvice;
        this.properties = properties;
        this.urls = urls;
    }

    /** Every item is checked before any job is started; 202 once the broker confirmed all of them. */
    @Operation(summary = "Start a batch of jobs", description = """
            Validates every item first (errors name `items[i].field`), then starts each as an ordinary job with the
            batch's id; when the broker refuses one midway, the ones started are cancelled and nothing is left half-done.""")
    @ApiResponse(responseCode = "202", description = "Accepted; the job ids and where to follow the batch",
            content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = ApiExamples.BATCH_ACCEPTED)))
    @ApiResponse(responseCode = "400", ref = ApiExamples.BAD_REQUEST)
    @ApiResponse(responseCode = "413", ref = ApiExamples.TOO_LARGE)
    @ApiResponse(responseCode = "415", ref = ApiExamples.UNSUPPORTED_MEDIA_TYPE)
    @ApiResponse(responseCode = "503", ref = ApiExamples.BROKER_REFUSED)
    @PostMapping(path = "/api/job/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<BatchAccepted> start(@RequestBody StartBatchRequest request, Caller caller) {
        List<JobSpec> specs = validator.validateBatch(request.items());
        UUID batchId = UUID.randomUUID();
        BatchAccepted accepted = BatchAccepted.of(batchId, starter.startBatch(specs, caller, batchId));
        ResponseEntity.BodyBuilder answer = ResponseEntity.accepted().location(URI.create(accepted.statusUrl()));
        if (specs.stream().anyMatch(spec -> spec.priority().isAbove(caller.maxPriority()))) {
            answer.header(JobController.PRIORITY_LOWERED, caller.maxPriority().wireName());
        }
        return answer.body(accepted);
    }

    @Operation(summary = "A batch's roll-up", description = "Total, counts per state and every item's status, in request order.")
    @ApiResponse(responseCode = "200", description = "The batch",
            content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example", value = ApiExamples.BATCH_STATUS)))
    @ApiResponse(responseCode = "400", ref = ApiExamples.BAD_REQUEST)
    @ApiResponse(responseCode = "404", ref = ApiExamples.NOT_FOUND)
    @GetMapping("/api/job/batch/{id}")
    ResponseEntity<BatchStatusView> status(@PathVariable UUID id, Caller caller) {
        BatchIndex.Batch batch = batches.find(id).filter(found -> caller.owns(found.tenant()))
                .orElseThrow(() -> unknownBatch(id));
        List<JobStatusView> items = batch.jobIds().stream().flatMap(jobId -> cache.get(jobId).stream())
                .map(status -> urls.signed(JobStatusView.of(status, null, null, pollAdvice.pollAfterMs(status.state()))))
                .toList();
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(BatchStatusView.of(id, items));
    }

    @ExceptionHandler(BrokerRefusedException.class)
    ResponseEntity<ProblemDetail> brokerRefused() {
        return BrokerRefusal.answer(properties, "the job queue did not accept every job of the batch; "
                + "none was started (those already sent are cancelled)");
    }

    private static ErrorResponseException unknownBatch(UUID id) {
        return new ErrorResponseException(HttpStatus.NOT_FOUND,
                ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no batch with id " + id), null);
    }
}
