package dev.mediaqueue.gateway.job;

import java.util.List;

/** The body of {@code POST /api/job/batch}: job requests as for {@code POST /api/job/start}. */
record StartBatchRequest(List<StartJobRequest> items) {
}
