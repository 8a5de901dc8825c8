package dev.mediaqueue.worker.generator;

import dev.mediaqueue.model.JobResult;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The directory shared with the gateway where outputs are written, and the results that point to them.
 */
@Component
public class ResultStore {

    static final String URL_PREFIX = "/exports/";

    private final Path directory;

    public ResultStore(ResultsProperties properties) {
        this.directory = properties.dir();
    }

    /** The output paths of one job. */
    public OutputFiles open(UUID jobId) {
        return new OutputFiles(directory, jobId);
    }

    /**
     * The result of a completed job, after checking that the generator's file is one of the result store.
     *
     * @throws IOException           when the file cannot be read
     * @throws IllegalStateException when the file is missing or outside the result directory
     */
    public JobResult resultOf(GeneratedMedia media, OutputFiles out) throws IOException {
        Path file = out.requireInside(media.file());
        return new JobResult(URL_PREFIX + file.getFileName(), media.contentType(), Files.size(file), media.metadata());
    }

    /** Removes what a job that did not complete left behind. */
    public void discard(OutputFiles out) {
        out.discard();
    }
}
