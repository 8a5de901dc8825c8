package dev.mediaqueue.bench;

import dev.mediaqueue.bench.broker.Vhost;
import dev.mediaqueue.bench.load.GatewayApi;
import dev.mediaqueue.bench.load.Http;
import dev.mediaqueue.bench.process.AppProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * What scenarios share during a run: the scale, the vhosts and app processes they start (all stopped
 * and deleted at the end, whatever happens), and the main stack (one vhost and one gateway) that the
 * poll, e2e, dispatch, progress and submit scenarios use in turn.
 */
public final class Bench implements AutoCloseable {

    /** JVM options of every app: the same for the gateway and the trivial server, so their figures compare. */
    private static final List<String> SERVER_JVM = List.of("-Xms256m", "-Xmx1g", "-XX:+UseG1GC");
    private static final List<String> WORKER_JVM = List.of("-Xmx512m", "-XX:+UseG1GC", "-Djava.awt.headless=true");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final SuiteOptions options;
    private final Path runDir;
    private final Path appResults;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final List<AppProcess> processes = new ArrayList<>();
    private MainStack main;
    private volatile boolean closed;

    public Bench(SuiteOptions options, Path runDir) {
        this.options = options;
        this.runDir = runDir;
        this.appResults = runDir.resolve("app-results");
        try {
            Files.createDirectories(appResults);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Ctrl-C must not leave apps running
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!closed) {
                killAll();
                close();
            }
        }, "bench-cleanup"));
    }

    public double scale() {
        return options.scale();
    }

    /** {@code full} times the scale, at least {@code min}. */
    public int scaled(int full, int min) {
        return (int) Math.max(min, Math.round(full * options.scale()));
    }

    /** {@code full} times the scale, at least {@code min}. */
    public Duration scaled(Duration full, Duration min) {
        Duration scaled = Duration.ofNanos(Math.round(full.toNanos() * options.scale()));
        return scaled.compareTo(min) < 0 ? min : scaled;
    }

    public Vhost vhost(String purpose) throws IOException, InterruptedException {
        Vhost vhost = Vhost.create(purpose);
        register(vhost);
        log("vhost %s", vhost.name());
        return vhost;
    }

    private static final List<String> UNREFUSING_BUDGETS = List.of(
            "--mediaqueue.security.open-limits.starts-per-minute=100000000",
            "--mediaqueue.security.open-limits.start-burst=1000000",
            "--mediaqueue.security.open-limits.polls-per-second=100000000",
            "--mediaqueue.security.open-limits.poll-burst=1000000",
            "--mediaqueue.security.open-limits.max-queued-jobs=100000000");

    /** Starts a gateway on {@code vhost} and waits until it is ready. */
    public AppProcess gateway(String name, Vhost vhost, String... args) throws InterruptedException {
        AppProcess gateway = startGateway(name, vhost, args);
        Duration ready = gateway.awaitReady(START_TIMEOUT);
        log("%s ready after %.1f s", name, ready.toMillis() / 1000.0);
        return gateway;
    }

    /**
     * Starts a gateway on {@code vhost} without waiting. Its open-mode budgets are set far above any
     * scenario's load (every client of the suite is one loopback IP): the rate limiter's code still runs
     * on every request, it just never refuses one.
     */
    public AppProcess startGateway(String name, Vhost vhost, String... args) {
        List<String> appArgs = new ArrayList<>(vhost.springArguments());
        appArgs.add("--mediaqueue.results.dir=" + appResults);
        appArgs.addAll(UNREFUSING_BUDGETS);
        appArgs.addAll(List.of(args));
        return start(name, options.gatewayJar(), SERVER_JVM, appArgs);
    }

    /** Starts a worker on {@code vhost} (demo jobs take 0 ms unless they say otherwise) and waits until it is ready. */
    public AppProcess worker(String name, Vhost vhost, String... args) throws InterruptedException {
        List<String> appArgs = new ArrayList<>(vhost.springArguments());
        appArgs.add("--mediaqueue.results.dir=" + appResults);
        appArgs.add("--mediaqueue.worker.demo.duration=0ms");
        appArgs.add("--mediaqueue.worker.id=" + name);
        appArgs.addAll(List.of(args));
        AppProcess worker = start(name, options.workerJar(), WORKER_JVM, appArgs);
        Duration ready = worker.awaitReady(START_TIMEOUT);
        log("%s ready after %.1f s", name, ready.toMillis() / 1000.0);
        return worker;
    }

    /** Starts this suite's jar as the trivial server (see {@code TrivialServer}) and waits until it is ready. */
    public AppProcess trivialServer() throws InterruptedException {
        if (options.benchJar() == null) {
            throw new IllegalStateException("the trivial server needs the benchmark jar: run with java -jar or --bench-jar");
        }
        AppProcess server = start("trivial-server", options.benchJar(), SERVER_JVM, List.of(BenchmarkSuite.TRIVIAL_SERVER));
        Duration ready = server.awaitReady(START_TIMEOUT);
        log("trivial-server ready after %.1f s", ready.toMillis() / 1000.0);
        return server;
    }

    private AppProcess start(String name, Path jar, List<String> jvm, List<String> appArgs) {
        List<String> jvmArgs = new ArrayList<>(jvm);
        if (options.jfr()) {
            jvmArgs.add("-XX:StartFlightRecording=filename=" + runDir.resolve(name + ".jfr")
                    + ",settings=profile,dumponexit=true");
        }
        AppProcess process = AppProcess.start(name, jar, jvmArgs, appArgs, runDir);
        synchronized (processes) {
            processes.add(process);
        }
        register(process);
        return process;
    }

    /** The shared vhost and gateway, started on first use. */
    public MainStack main() throws IOException, InterruptedException {
        if (main == null) {
            Vhost vhost = vhost("main");
            AppProcess gateway = gateway("gateway", vhost);
            main = new MainStack(vhost, gateway, new GatewayApi(Http.newClient(), gateway.baseUrl()));
        }
        return main;
    }

    /** The shared stack: one vhost and one gateway. */
    public record MainStack(Vhost vhost, AppProcess gateway, GatewayApi api) {
    }

    /** Deletes the files the workers wrote so far (a run writes up to a gigabyte of demo WAVs). */
    public void clearAppResults() throws IOException {
        try (Stream<Path> files = Files.list(appResults)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    public void log(String format, Object... args) {
        System.out.printf("%s  %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS), String.format(format, args));
    }

    private void register(AutoCloseable resource) {
        synchronized (resources) {
            resources.push(resource);
        }
    }

    /** Stops every app and deletes every vhost of the run, newest first. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        while (true) {
            AutoCloseable resource;
            synchronized (resources) {
                resource = resources.poll();
            }
            if (resource == null) {
                break;
            }
            try {
                resource.close();
            } catch (Exception e) {
                log("cleanup: %s", e.getMessage());
            }
        }
        try {
            clearAppResults();
            Files.deleteIfExists(appResults);
        } catch (IOException e) {
            log("cleanup: %s", e);
        }
        closed = true;
    }

    private void killAll() {
        synchronized (processes) {
            processes.forEach(AppProcess::kill);
        }
    }

}
