package dev.mediaqueue.worker.job;

import dev.mediaqueue.model.JobMessage;
import org.slf4j.MDC;

/** Puts the job's keys into the log context of the consumer thread while it handles the job. */
final class JobLogContext implements AutoCloseable {

    static final String JOB_ID = "job_id";
    static final String MEDIA_TYPE = "media_type";
    static final String ATTEMPT = "attempt";
    static final String WORKER = "worker";

    private JobLogContext() {
    }

    static JobLogContext open(JobMessage job, int attempt, String workerId) {
        MDC.put(JOB_ID, job.jobId().toString());
        MDC.put(MEDIA_TYPE, job.mediaType().wireName());
        MDC.put(ATTEMPT, Integer.toString(attempt));
        MDC.put(WORKER, workerId);
        return new JobLogContext();
    }

    @Override
    public void close() {
        MDC.remove(JOB_ID);
        MDC.remove(MEDIA_TYPE);
        MDC.remove(ATTEMPT);
        MDC.remove(WORKER);
    }
}
