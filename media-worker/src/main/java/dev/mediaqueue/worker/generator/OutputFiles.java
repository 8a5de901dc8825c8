package dev.mediaqueue.worker.generator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Hands out the output paths of one job inside the result store.
 *
 * <p>An output is named {@code <job id>.<extension>} (further outputs of the same job
 * {@code <job id>-2.<extension>}, …) and lies directly in the result directory, which the gateway serves
 * as {@code /exports/<file>}; the preview of a running job is {@code <job id>-preview.<extension>}.
 * Nothing from the job message ever becomes part of a path: the job id is a UUID and the extension must
 * be 1–10 lower-case letters or digits.
 */
public final class OutputFiles {

    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,10}");

    private final Path directory;
    private final UUID jobId;
    private final Set<Path> handedOut = ConcurrentHashMap.newKeySet();
    private final Set<Path> previews = ConcurrentHashMap.newKeySet();
    private final AtomicLong previewVersion = new AtomicLong();

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
        return path(extension, 0);
    }

    /**
     * The path of the job's output number {@code index} (0-based) with this extension: the first is
     * {@code <job id>.<ext>} like {@link #path(String)}, the next {@code <job id>-2.<ext>}, and so on.
     *
     * @throws IllegalArgumentException when the extension is not 1–10 letters or digits or the index is negative
     * @throws UncheckedIOException     when the result directory cannot be created
     */
    public Path path(String extension, int index) {
        if (index < 0) {
            throw new IllegalArgumentException("output index must not be negative: " + index);
        }
        Path path = resolve((index == 0 ? jobId.toString() : jobId + "-" + (index + 1)) + "." + checked(extension));
        handedOut.add(path);
        return path;
    }

    /**
     * Writes the latest preview image of the running job to {@code <job id>-preview.<ext>}, replacing the
     * previous one in one step, and answers the URL it is served at. The URL changes with every preview
     * (a version query), so no cache between the gateway and the browser serves an old frame.
     *
     * @throws IllegalArgumentException when the extension is not 1–10 letters or digits
     * @throws IOException              when the file cannot be written
     */
    public String writePreview(byte[] image, String extension) throws IOException {
        Path path = resolve(jobId + "-preview." + checked(extension));
        previews.add(path);
        Path partial = Files.createTempFile(directory, "." + jobId + "-preview-", ".part");
        try {
            Files.write(partial, image);
            Files.move(partial, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        return ResultStore.URL_PREFIX + path.getFileName() + "?v=" + previewVersion.incrementAndGet();
    }

    /** The URL the gateway serves an output of this job at ({@code /exports/<file>}). */
    public String url(Path output) {
        return ResultStore.URL_PREFIX + output.getFileName();
    }

    /** Deletes the job's preview images: a preview lives only while its job runs. */
    public void removePreviews() {
        deleteAll(previews);
    }

    private static String checked(String extension) {
        String ext = extension.toLowerCase(Locale.ROOT);
        if (!EXTENSION.matcher(ext).matches()) {
            throw new IllegalArgumentException("output extension must be 1-10 letters or digits: " + extension);
        }
        return ext;
    }

    private Path resolve(String fileName) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the result directory " + directory, e);
        }
        return directory.resolve(fileName);
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
            // the file's name only: status events are read by clients, the server's paths are none of theirs
            throw new IllegalStateException("the generator reported an output outside the result directory: " + file.getFileName());
        }
        return real;
    }

    /** Deletes every output handed out so far and the previews, for a job that did not complete. */
    void discard() {
        deleteAll(handedOut);
        removePreviews();
    }

    private static void deleteAll(Set<Path> paths) {
        for (Path path : paths) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // a left-over partial file is removed with the retention sweep; nothing else to do
            }
        }
    }
}
