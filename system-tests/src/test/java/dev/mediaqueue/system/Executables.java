package dev.mediaqueue.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** Finds programs the system tests drive (Debian's chromium, chromedriver, nginx). */
final class Executables {

    private Executables() {
    }

    /** The program on the PATH, or in the usual system directories that a non-root PATH may lack. */
    static Optional<Path> find(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/sbin:/usr/local/bin";
        return Arrays.stream(path.split(":")).filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable).findFirst();
    }
}
