package dev.mediaqueue.bench.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A gateway, worker or trivial server running as a separate JVM, as in production, on a free loopback
 * port, with its output in a log file. Closing it stops it with SIGTERM (SIGKILL if it does not stop).
 * Its actuator (readiness, Prometheus) answers on a second free port, {@code management.server.port},
 * as in a deployment where only the API port is exposed.
 */
public final class AppProcess implements AutoCloseable {

    private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final int managementPort;
    private final Process process;
    private final Path log;
    private final long launchedNanos;

    private AppProcess(String name, int port, int managementPort, Process process, Path log, long launchedNanos) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
        this.log = log;
        this.launchedNanos = launchedNanos;
    }

    /**
     * Starts {@code java <jvmArgs> -jar <jar> --server.port=<free port> --management.server.port=<another>
     * <appArgs>}; the log goes to {@code <logDir>/<name>.log}.
     */
    public static AppProcess start(String name, Path jar, List<String> jvmArgs, List<String> appArgs, Path logDir) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("application jar not found: " + jar + " (build it first: bin/benchmark does)");
        }
        int port = freePort();
        int managementPort = freePort();
        while (managementPort == port) {
            managementPort = freePort();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--server.address=127.0.0.1",
                "--management.server.port=" + managementPort, "--management.server.address=127.0.0.1"));
        command.addAll(appArgs);
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            long launched = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new AppProcess(name, port, managementPort, process, log, launched);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Where the app's actuator answers. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /**
     * Waits until {@code /actuator/health/readiness} answers 200 and answers how long that took since
     * the process was launched.
     *
     * @throws IllegalStateException when the process exits or is not ready within {@code timeout}
     */
    public Duration awaitReady(Duration timeout) throws InterruptedException {
        long deadline = launchedNanos + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            if (readinessStatus() == 200) {
                return Duration.ofNanos(System.nanoTime() - launchedNanos);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
    }

    private int readinessStatus() throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(managementUrl() + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).build();
            return PROBE.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The value of a Prometheus sample of this app, e.g. {@code mediaqueue_status_cache_size_jobs}. */
    public double metric(String sample) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(managementUrl() + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(10)).build();
        String text = PROBE.send(request, HttpResponse.BodyHandlers.ofString()).body();
        return PrometheusText.value(text, sample)
                .orElseThrow(() -> new IllegalStateException(name + " has no metric " + sample));
    }

    /** Heap in use right after a full GC, in bytes (via {@code jcmd}). */
    public long heapUsedAfterGc() throws IOException, InterruptedException {
        Jcmd.run(pid(), "GC.run");
        Jcmd.run(pid(), "GC.run");
        return Jcmd.heapUsedBytes(Jcmd.run(pid(), "GC.heap_info"));
    }

    /** The class histogram of live objects (forces a full GC). */
    public String classHistogram() throws IOException, InterruptedException {
        return Jcmd.run(pid(), "GC.class_histogram");
    }

    /** SIGTERM, then SIGKILL after 60 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL at once, for the JVM's shutdown hook. */
    public void kill() {
        process.destroyForcibly();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
