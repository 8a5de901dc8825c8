package dev.mediaqueue.worker.job;

import dev.mediaqueue.model.ErrorType;
import dev.mediaqueue.worker.generator.GenerationException;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Why a job failed, as the text and type that go into its {@code failed} event: failures travel as text,
 * never as a {@link Throwable}.
 */
record JobFailure(ErrorType type, String text) {

    static JobFailure of(Throwable failure) {
        if (failure instanceof GenerationException generation) {
            return new JobFailure(typeOf(generation.kind()), describe(generation));
        }
        if (isStorageProblem(failure)) {
            return new JobFailure(ErrorType.TRANSIENT, "could not store the result: " + describe(failure));
        }
        return new JobFailure(ErrorType.INTERNAL, "internal error: " + describe(failure));
    }

    private static ErrorType typeOf(GenerationException.Kind kind) {
        return switch (kind) {
            case PERMANENT -> ErrorType.PERMANENT;
            case TRANSIENT -> ErrorType.TRANSIENT;
        };
    }

    private static boolean isStorageProblem(Throwable failure) {
        return failure instanceof IOException || failure instanceof UncheckedIOException;
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
