package dev.mediaqueue.worker.job;

/** Something watched on behalf of a job until the job no longer needs it. */
@FunctionalInterface
interface Watch extends AutoCloseable {

    /** Stops watching; idempotent. */
    @Override
    void close();
}
