package dev.mediaqueue.worker.job;

import dev.mediaqueue.model.ErrorType;
import dev.mediaqueue.worker.generator.GenerationException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.assertj.core.api.Assertions.assertThat;

class JobFailureTest {

    @Test
    void generatorsOwnFailureKeepsItsKindAndWords() {
        assertThat(JobFailure.of(GenerationException.permanent("steps must be 1-150")))
                .isEqualTo(new JobFailure(ErrorType.PERMANENT, "steps must be 1-150"));
        assertThat(JobFailure.of(GenerationException.transientFailure("ComfyUI ran out of memory", null)))
                .isEqualTo(new JobFailure(ErrorType.TRANSIENT, "ComfyUI ran out of memory"));
    }

    @Test
    void storageProblemIsTransient() {
        JobFailure failure = JobFailure.of(new UncheckedIOException(new IOException("No space left on device")));

        assertThat(failure.type()).isEqualTo(ErrorType.TRANSIENT);
        assertThat(failure.text()).startsWith("could not store the result: ").contains("No space left on device");
    }

    @Test
    void anythingElseIsInternalAndNamedEvenWithoutAMessage() {
        assertThat(JobFailure.of(new NullPointerException()))
                .isEqualTo(new JobFailure(ErrorType.INTERNAL, "internal error: NullPointerException"));
    }
}
