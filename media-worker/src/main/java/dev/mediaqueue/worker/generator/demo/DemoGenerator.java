package dev.mediaqueue.worker.generator.demo;

import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.worker.generator.CancellationSignal;
import dev.mediaqueue.worker.generator.GeneratedMedia;
import dev.mediaqueue.worker.generator.GenerationException;
import dev.mediaqueue.worker.generator.MediaGenerator;
import dev.mediaqueue.worker.generator.OutputFiles;
import dev.mediaqueue.worker.generator.ProgressReporter;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The common course of a simulated job: {@value #STEPS} steps of real (small) work spread over the
 * job's duration, with progress after each step and a cancellation check between steps, then the file.
 *
 * <p>A job with the param {@code fail} set to {@code permanent} or {@code transient} fails half way with
 * that kind of failure, for demonstrating and testing failures without a real backend.
 */
abstract class DemoGenerator implements MediaGenerator {

    static final int STEPS = 24;
    static final String FAIL_PARAM = "fail";

    /** The progress reached after the last step; the rest is writing the file. */
    private static final int STEPS_PERCENT = 95;

    private final MediaType type;
    private final Duration defaultDuration;

    DemoGenerator(MediaType type, DemoProperties properties) {
        this.type = type;
        this.defaultDuration = properties.duration();
    }

    /** The work of one job, done step by step and then written out. */
    interface Rendering {

        /** Does step {@code step} of {@value #STEPS} (1-based). */
        void step(int step);

        /** The progress line after {@code step}. */
        String describe(int step);

        /** The output's extension and content type. */
        String extension();

        String contentType();

        /** Writes the finished output and answers a few facts about it. */
        Map<String, Object> write(Path file) throws IOException;
    }

    /** Starts the rendering of {@code job}. */
    abstract Rendering begin(JobMessage job);

    @Override
    public boolean supports(JobMessage job) {
        return job.mediaType() == type;
    }

    @Override
    public String name() {
        return "demo-" + type.wireName();
    }

    @Override
    public GeneratedMedia generate(JobMessage job, ProgressReporter progress, CancellationSignal cancel,
                                   OutputFiles out) throws GenerationException {
        DemoPace pace = DemoPace.of(job, defaultDuration, STEPS);
        Optional<GenerationException> failure = requestedFailure(job);
        Rendering rendering = begin(job);
        long start = System.nanoTime();
        for (int step = 1; step <= STEPS; step++) {
            cancel.throwIfCancelled();
            if (step > STEPS / 2 && failure.isPresent()) {
                throw failure.get();
            }
            rendering.step(step);
            progress.report(step * STEPS_PERCENT / STEPS, rendering.describe(step));
            pace.awaitStep(step, start, cancel);
        }
        Path file = out.path(rendering.extension());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("generator", "demo");
        metadata.put("simulated", true);
        try {
            metadata.putAll(rendering.write(file));
        } catch (IOException e) {
            throw GenerationException.transientFailure("could not write the " + rendering.extension()
                    + " file: " + e.getMessage(), e);
        }
        progress.report(100, "Saved the " + rendering.extension().toUpperCase(Locale.ROOT));
        return new GeneratedMedia(file, rendering.contentType(), metadata);
    }

    /** The failure the job asks for with {@code params.fail}, if any; an unknown kind fails the job at once. */
    private static Optional<GenerationException> requestedFailure(JobMessage job) throws GenerationException {
        Object kind = job.params().get(FAIL_PARAM);
        if (kind == null) {
            return Optional.empty();
        }
        return switch (kind.toString()) {
            case "permanent" -> Optional.of(GenerationException.permanent(
                    "the demo job failed as its params asked (fail=permanent)"));
            case "transient" -> Optional.of(new GenerationException(GenerationException.Kind.TRANSIENT,
                    "the demo job failed as its params asked (fail=transient)"));
            default -> throw GenerationException.permanent(FAIL_PARAM + " must be permanent or transient, was " + kind);
        };
    }

    /** A stable seed from the prompt, so the same prompt gives the same output. */
    static long seedOf(JobMessage job) {
        return job.userInput().hashCode() * 0x9E3779B97F4A7C15L;
    }
}
