package dev.mediaqueue.worker.generator;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The file a generator produced.
 *
 * @param file        the output, a path handed out by {@link OutputFiles}
 * @param contentType its media type, e.g. {@code image/png}
 * @param metadata    a few small facts for the result (dimensions, duration, seed, model); never the
 *                    prompt again, never large values
 */
public record GeneratedMedia(Path file, String contentType, Map<String, Object> metadata) {

    public GeneratedMedia {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(contentType, "contentType");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
