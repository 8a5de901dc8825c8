package dev.mediaqueue.system;

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

import static org.awaitility.Awaitility.await;

/**
 * A gateway or worker running as a separate JVM from the jar the build produced, as in production:
 * separate processes that can be stopped with SIGTERM or killed with SIGKILL. A gateway serves its
 * actuator (probes, Prometheus) on a management port of its own; a worker on its one port.
 */
final class AppProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final int managementPort;
    private final Process process;
    private final Path log;

    private AppProcess(String name, int port, int managementPort, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
        this.log = log;
    }

    /** Starts the gateway jar on a free port with these extra {@code --key=value} arguments. */
    static AppProcess gateway(String name, List<String> args) {
        return start(name, System.getProperty("mediaqueue.gateway.jar"), args, true);
    }

    /** Starts the worker jar on a free port with these extra {@code --key=value} arguments. */
    static AppProcess worker(String name, List<String> args) {
        return start(name, System.getProperty("mediaqueue.worker.jar"), args, false);
    }

    private static AppProcess start(String name, String jar, List<String> args, boolean ownManagementPort) {
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("application jar not found: " + jar + " (run the tests with ./mvnw verify)");
        }
        int port = freePort();
        int managementPort = ownManagementPort ? freePort() : port;
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                "-jar", jar, "--server.port=" + port));
        if (ownManagementPort) {
            command.add("--management.server.port=" + managementPort);
        }
        command.addAll(args);
        try {
            Path logDir = Files.createDirectories(Path.of("target", "app-logs"));
            Path log = logDir.resolve(name + "-" + port + ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new AppProcess(name, port, managementPort, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Where the actuator answers: the gateway's management port, the worker's only port. */
    String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** The file the process's standard output and error go to. */
    Path logFile() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until {@code /actuator/health/readiness} answers 200, failing early if the process died. */
    AppProcess awaitReady(Duration timeout) {
        await(name + " ready").atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log: " + log.toAbsolutePath());
            }
            return readinessStatus() == 200;
        });
        return this;
    }

    /** The HTTP status of the readiness probe, or -1 while nothing answers. */
    int readinessStatus() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(managementUrl() + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGTERM without waiting: the process starts its graceful shutdown. */
    void terminate() {
        process.destroy();
    }

    /**
     * Waits until the process exited, at most {@code timeout}, and answers its exit code.
     *
     * @throws AssertionError when it is still running then
     */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " still runs " + timeout + " later; log: " + log.toAbsolutePath());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether the process's output so far contains {@code text}. */
    boolean logContains(String text) {
        try {
            return Files.readString(log).contains(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String name() {
        return name;
    }

    /** SIGKILL: the process gets no chance to clean up. */
    void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** SIGTERM: a graceful shutdown. */
    void stop() {
        process.destroy();
        waitFor();
    }

    private void waitFor() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
