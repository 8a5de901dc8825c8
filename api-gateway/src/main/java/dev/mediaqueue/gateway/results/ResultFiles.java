package dev.mediaqueue.gateway.results;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of the result store that belong to a job: named {@code <job id>.<anything>} or
 * {@code <job id>-<anything>} and lying directly in the result directory.
 *
 * <p>Only the directory's own entries are ever touched: no walking into subdirectories, and a symbolic
 * link is deleted as a link, never followed. Other files are left alone.
 */
final class ResultFiles {

    /** A job's file: its path, its job and when it was last written. */
    record ResultFile(Path path, UUID jobId, Instant modified) {
    }

    private static final Logger log = LoggerFactory.getLogger(ResultFiles.class);
    private static final Pattern JOB_FILE = Pattern.compile(
            "([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})[.-].*");

    private final Path directory;

    ResultFiles(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    /** Deletes the job files {@code doomed} selects, reading the directory once; returns how many went. */
    int deleteIf(Predicate<ResultFile> doomed) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        int deleted = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                Optional<ResultFile> file = jobFile(entry);
                if (file.isPresent() && doomed.test(file.get()) && delete(entry)) {
                    deleted++;
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not read the result directory {}: {}", directory, e.toString());
        }
        return deleted;
    }

    private Optional<ResultFile> jobFile(Path entry) {
        Matcher name = JOB_FILE.matcher(entry.getFileName().toString());
        if (!name.matches() || !directory.equals(entry.toAbsolutePath().normalize().getParent())) {
            return Optional.empty();
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isDirectory()) {
                return Optional.empty();
            }
            return Optional.of(new ResultFile(entry, UUID.fromString(name.group(1)), attributes.lastModifiedTime().toInstant()));
        } catch (IOException e) {
            return Optional.empty(); // gone meanwhile
        }
    }

    private static boolean delete(Path file) {
        try {
            Files.delete(file);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            log.warn("Could not delete result file {}: {}", file.getFileName(), e.toString());
            return false;
        }
    }
}
