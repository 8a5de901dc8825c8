package dev.mediaqueue.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The command line of the suite.
 *
 * @param scale       multiplies every count and duration (1 = the full suite; 0.05 for a quick look)
 * @param only        the scenarios to run (their baselines run too); empty for all
 * @param resultsDir  where the JSON and CSV files go
 * @param runDir      where the apps' logs (and JFR recordings) go
 * @param gatewayJar  the built gateway
 * @param workerJar   the built worker
 * @param benchJar    this suite's own jar, started again as the trivial server
 * @param jfr         whether every started app records a JFR profile into the run directory
 * @param commit      the git commit the run measured
 */
public record SuiteOptions(double scale, List<String> only, Path resultsDir, Path runDir, Path gatewayJar,
                           Path workerJar, Path benchJar, boolean jfr, String commit) {

    static final String VERSION = "0.1.0-SNAPSHOT";

    public SuiteOptions {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("--scale must be above 0, was " + scale);
        }
        for (String name : only) {
            if (!Scenarios.NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown scenario '" + name + "'; known: " + String.join(", ", Scenarios.NAMES));
            }
        }
        only = List.copyOf(only);
    }

    static SuiteOptions parse(String[] args) {
        double scale = 1;
        List<String> only = new ArrayList<>();
        Path resultsDir = Path.of("benchmark", "results");
        Path runDir = null;
        Path gatewayJar = Path.of("api-gateway", "target", "api-gateway-" + VERSION + ".jar");
        Path workerJar = Path.of("media-worker", "target", "media-worker-" + VERSION + ".jar");
        Path benchJar = ownJar();
        boolean jfr = false;
        String commit = "unknown";
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--scale" -> scale = Double.parseDouble(value(args, ++i, arg));
                case "--only" -> only.addAll(Arrays.stream(value(args, ++i, arg).split(","))
                        .map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList());
                case "--results" -> resultsDir = Path.of(value(args, ++i, arg));
                case "--run-dir" -> runDir = Path.of(value(args, ++i, arg));
                case "--gateway-jar" -> gatewayJar = Path.of(value(args, ++i, arg));
                case "--worker-jar" -> workerJar = Path.of(value(args, ++i, arg));
                case "--bench-jar" -> benchJar = Path.of(value(args, ++i, arg));
                case "--jfr" -> jfr = true;
                case "--commit" -> commit = value(args, ++i, arg);
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        if (runDir == null) {
            runDir = Path.of("benchmark", "target", "runs");
        }
        return new SuiteOptions(scale, only, resultsDir, runDir, gatewayJar, workerJar, benchJar, jfr, commit);
    }

    static String usage() {
        return """
                usage: bin/benchmark [--scale F] [--only a,b] [--jfr]
                  --scale F       multiply counts and durations by F (default 1 = the full suite)
                  --only a,b      run only these scenarios (and the baselines they compare with): %s
                  --jfr           record a JFR profile of every started app into the run directory
                  --results DIR   where the JSON and CSV go (default benchmark/results)
                  --run-dir DIR   where app logs go (default benchmark/target/runs)
                  --gateway-jar P, --worker-jar P, --bench-jar P   the jars to start
                  --commit SHA    the commit to record
                """.formatted(String.join(",", Scenarios.NAMES));
    }

    private static String value(String[] args, int index, String name) {
        if (index >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[index];
    }

    /** The jar this class runs from when started with {@code java -jar}, else null. */
    private static Path ownJar() {
        String classPath = System.getProperty("java.class.path", "");
        return classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator) ? Path.of(classPath) : null;
    }
}
