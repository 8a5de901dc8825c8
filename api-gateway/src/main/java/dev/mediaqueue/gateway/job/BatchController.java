package dev.mediaqueue.gateway.job;

import dev.mediaqueue.gateway.security.Caller;
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

@RestController
class BatchController {

    private final JobRequestValidator validator;
    private final JobStarter starter;
    private final BatchIndex batches;
    private final StatusCache cache;
    private final PollAdvice pollAdvice;
    private final JobProperties properties;

    BatchController(JobRequestValidator validator, JobStarter starter, BatchIndex batches, StatusCache cache,
                    PollAdvice pollAdvice, JobProperties properties) {
        this.validator = validator;
        this.starter = starter;
        this.batches = batches;
        this.cache = cache;
        this.pollAdvice = pollAdvice;
        this.properties = properties;
    }

    /** Every item is checked before any job is started; 202 once the broker confirmed all of them. */
    @PostMapping(path = "/api/job/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<BatchAccepted> start(@RequestBody StartBatchRequest request, Caller caller) {
        List<JobSpec> specs = validator.validateBatch(request.items());
        UUID batchId = UUID.randomUUID();
        BatchAccepted accepted = BatchAccepted.of(batchId, starter.startBatch(specs, caller, batchId));
        return ResponseEntity.accepted().location(URI.create(accepted.statusUrl())).body(accepted);
    }

    @GetMapping("/api/job/batch/{id}")
    ResponseEntity<BatchStatusView> status(@PathVariable UUID id, Caller caller) {
        BatchIndex.Batch batch = batches.find(id).filter(found -> caller.owns(found.tenant()))
                .orElseThrow(() -> unknownBatch(id));
        List<JobStatusView> items = batch.jobIds().stream().flatMap(jobId -> cache.get(jobId).stream())
                .map(status -> JobStatusView.of(status, null, null, pollAdvice.pollAfterMs(status.state())))
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
