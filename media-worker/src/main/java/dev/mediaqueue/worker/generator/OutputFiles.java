package dev.mediaqueue.worker.generator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Hands out the output paths of one job inside the result store.
 *
 * <p>An output is named {@code <job id>.<extension>} and lies directly in the result directory, which
 * the gateway serves as {@code /exports/<file>}. Nothing from the job message ever becomes part of a
 * path: the job id is a UUID and the extension must be 1–10 lower-case letters or digits.
 */
public final class OutputFiles {

    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,10}");

    private final Path directory;
    private final UUID jobId;
    private final Set<Path> handedOut = ConcurrentHashMap.newKeySet();

    OutputFiles(Path directory, UUID jobId) {
        this.directory = directory.toAbsolutePath().normalize();
        this.jobId = jobId;
    }

    /**
     * The path of the job's output with this extension ({@code png}, {@code wav}, …), creating the result
     * directory if needed. The file itself is the generator's to write.
     *
     * @throws IllegalArgumentException when the extension is not 1–10 letters or digits
     * @throws UncheckedIOException     when the result directory cannot be created
     */
    public Path path(String extension) {
        String ext = extension.toLowerCase(Locale.ROOT);
        if (!EXTENSION.matcher(ext).matches()) {
            throw new IllegalArgumentException("output extension must be 1-10 letters or digits: " + extension);
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the result directory " + directory, e);
        }
        Path path = directory.resolve(jobId + "." + ext);
        handedOut.add(path);
        return path;
    }

    /**
     * Checks that {@code file} is an existing regular file directly inside the result directory, also
     * after resolving symbolic links, and returns its real path.
     *
     * @throws IllegalStateException when it is not
     */
    Path requireInside(Path file) throws IOException {
        Path realDirectory = directory.toRealPath();
        Path candidate = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(candidate)) {
            throw new IllegalStateException("the generator reported an output that does not exist: " + file.getFileName());
        }
        Path real = candidate.toRealPath();
        if (!realDirectory.equals(real.getParent())) {
            throw new IllegalStateException("the generator reported an output outside the result directory: " + file);
        }
        return real;
    }

    /** Deletes every output handed out so far, for a job that did not complete. */
    void discard() {
        for (Path path : handedOut) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // a left-over partial file is removed with the retention sweep; nothing else to do
            }
        }
    }
}
