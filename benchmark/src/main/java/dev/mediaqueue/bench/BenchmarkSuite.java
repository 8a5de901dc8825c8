package dev.mediaqueue.bench;

import dev.mediaqueue.bench.broker.Vhost;
import dev.mediaqueue.bench.profile.JfrTop;
import dev.mediaqueue.bench.trivial.TrivialServer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark suite: runs the scenarios against a real RabbitMQ with gateway and worker as separate
 * processes, prints the table and writes it as JSON and CSV.
 *
 * <p>With {@code --trivial-server} the same jar is instead the trivial HTTP endpoint the poll
 * scenario is compared with (see {@link TrivialServer}); with {@code --jfr-top <file>} it summarizes
 * where a JFR recording's CPU samples went (see {@link JfrTop}).
 */
public final class BenchmarkSuite {

    /** The argument that makes this jar the trivial server. */
    static final String TRIVIAL_SERVER = "--trivial-server";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC);

    private BenchmarkSuite() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--jfr-top")) {
            JfrTop.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (Arrays.asList(args).contains(TRIVIAL_SERVER)) {
            TrivialServer.main(Arrays.stream(args).filter(arg -> !arg.equals(TRIVIAL_SERVER)).toArray(String[]::new));
            return;
        }
        SuiteOptions options;
        try {
            options = SuiteOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(SuiteOptions.usage());
            System.exit(2);
            return;
        }
        System.exit(run(options) ? 0 : 1);
    }

    /** Runs the selected scenarios; answers whether every one of them ran to its end. */
    static boolean run(SuiteOptions options) throws Exception {
        Instant started = Instant.now();
        String stamp = STAMP.format(started);
        Path runDir = options.runDir().resolve(stamp);
        List<Scenario> scenarios = Scenarios.select(options.only());
        String loadAtStart = Machine.currentLoadAverage();
        Results results = new Results();
        boolean allRan = true;
        try (Bench bench = new Bench(options, runDir)) {
            bench.log("mediaqueue benchmark: scale %s, scenarios %s; app logs in %s", options.scale(),
                    scenarios.stream().map(Scenario::name).toList(), runDir);
            for (Scenario scenario : scenarios) {
                long start = System.nanoTime();
                bench.log("── %s", scenario.name());
                try {
                    scenario.run(bench, results);
                } catch (Exception e) {
                    allRan = false;
                    bench.log("%s FAILED: %s", scenario.name(), e);
                    e.printStackTrace(System.out);
                    results.detail(scenario.name() + "_failure", String.valueOf(e));
                }
                bench.log("── %s took %d s", scenario.name(), (System.nanoTime() - start) / 1_000_000_000);
            }
        }
        Machine machine = Machine.describe(Vhost.serverVersion(), options.commit(), started, loadAtStart);
        Report report = new Report(machine, options.scale(), scenarios.stream().map(Scenario::name).toList(),
                Duration.between(started, Instant.now()), results);
        report.print(System.out);
        Path json = report.write(options.resultsDir(), stamp);
        System.out.printf("%nResults: %s (and .csv); app logs: %s%n", json, runDir);
        return allRan;
    }
}
