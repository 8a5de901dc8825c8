package dev.mediaqueue.bench;

import dev.mediaqueue.model.WireFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The suite's command, as {@code bin/benchmark} runs it, at a tiny scale against the real broker: the
 * built jars start as processes, every chosen scenario and baseline runs to its end and its figures land
 * in the JSON file. No figure is judged here: timings belong to the suite, not to a test.
 */
class BenchmarkSuiteIT {

    @Test
    void theSuiteRunsItsScenariosAgainstTheBuiltAppsAndWritesEveryFigure(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("results");
        Path output = dir.resolve("suite.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar("mediaqueue.benchmark.jar"), "--only", "poll,dispatch", "--scale", "0.01",
                "--results", results.toString(), "--run-dir", dir.resolve("runs").toString(),
                "--gateway-jar", jar("mediaqueue.gateway.jar"), "--worker-jar", jar("mediaqueue.worker.jar"),
                "--commit", "it"));
        Process suite = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            boolean ended = suite.waitFor(10, TimeUnit.MINUTES);
            assertThat(ended).as("the suite ended; its output: %s", output).isTrue();
            assertThat(suite.exitValue()).as("every scenario ran; output:%n%s", Files.readString(output)).isZero();
        } finally {
            // SIGTERM: the suite's shutdown hook stops the apps it started and deletes its vhosts
            suite.destroy();
            suite.waitFor(2, TimeUnit.MINUTES);
        }

        // every figure's assertion carries the suite's log: it names each error's kind and the apps' log files
        String log = "the suite's output:" + System.lineSeparator() + Files.readString(output);
        JsonNode json = WireFormat.mapper().readTree(Files.readAllBytes(onlyJson(results)));
        assertThat(json.path("machine").path("rabbitmq").asString()).isNotBlank().isNotEqualTo("unknown");
        assertThat(json.path("machine").path("cores").asInt()).isPositive();
        assertThat(json.path("machine").path("commit").asString()).isEqualTo("it");
        List<JsonNode> rows = new ArrayList<>();
        json.path("results").forEach(rows::add);
        assertThat(rows).as("%s", log).extracting(row -> row.path("scenario").asString()).contains("baseline-broker", "baseline-http", "poll", "dispatch");
        assertThat(rows).as("%s", log).allSatisfy(row -> assertThat(row.path("value").asDouble()).isFinite().isGreaterThanOrEqualTo(0));
        assertThat(value(rows, "baseline-http", "req/s, 8 clients")).as("%s", log).isPositive();
        assertThat(value(rows, "poll", "200 req/s, 8 clients")).as("%s", log).isPositive();
        assertThat(value(rows, "poll", "304 req/s, 64 clients")).as("%s", log).isPositive();
        for (String errors : List.of("200 errors, 8 clients", "200 errors, 64 clients", "304 errors, 8 clients", "304 errors, 64 clients")) {
            assertThat(value(rows, "poll", errors)).as("poll %s; %s", errors, log).isZero();
        }
        assertThat(value(rows, "dispatch", "jobs not completed")).as("%s", log).isZero();
        assertThat(row(rows, "poll", "200 req/s, 8 clients").path("ratio").asDouble()).as("%s", log).isPositive();
        assertThat(Files.readAllLines(results.resolve(onlyJson(results).getFileName().toString().replace(".json", ".csv"))))
                .hasSize(rows.size() + 1);
    }

    private static String jar(String property) {
        String path = System.getProperty(property);
        assertThat(path).as("system property %s", property).isNotNull();
        assertThat(new File(path)).as("%s (run with ./mvnw verify, which builds it)", path).isFile();
        return path;
    }

    private static Path onlyJson(Path results) throws Exception {
        try (Stream<Path> files = Files.list(results)) {
            List<Path> json = files.filter(f -> f.toString().endsWith(".json")).toList();
            assertThat(json).hasSize(1);
            return json.get(0);
        }
    }

    private static JsonNode row(List<JsonNode> rows, String scenario, String metric) {
        return rows.stream().filter(r -> r.path("scenario").asString().equals(scenario) && r.path("metric").asString().equals(metric))
                .findFirst().orElseThrow(() -> new AssertionError("no " + scenario + " / " + metric + " in " + rows));
    }

    private static double value(List<JsonNode> rows, String scenario, String metric) {
        return row(rows, scenario, metric).path("value").asDouble();
    }
}
