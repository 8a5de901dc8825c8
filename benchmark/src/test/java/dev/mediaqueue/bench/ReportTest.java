package dev.mediaqueue.bench;

import dev.mediaqueue.model.WireFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

    private static final Machine MACHINE = new Machine(2, 24_105, "OpenJDK 17.0.15", "Linux 6.1 amd64", "3.10.8",
            "1.50 2.00 2.50", Instant.parse("2026-11-28T12:00:00Z"), "abc1234");

    private final Results results = new Results();

    ReportTest() {
        Measurement trivial = results.add(Measurement.of("baseline-http", "req/s, 8 clients", "req/s", 10_000));
        results.add(Measurement.of("poll", "200 req/s, 8 clients", "req/s", 6_000).against(trivial).target(Target.ratioAtLeast(0.7)));
        results.add(Measurement.of("poll", "200 p99, 8 clients", "ms", 3.2).target(Target.atMost(5)));
        results.add(Measurement.of("replay", "launch → ready", "s", 4).target(Target.atMost(20).atFullScaleOnly()));
    }

    private Report report(double scale) {
        return new Report(MACHINE, scale, List.of("baseline-http", "poll", "replay"), Duration.ofSeconds(95), results);
    }

    @Test
    void theTableShowsValueBaselineRatioTargetAndWhetherItIsMet() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        report(1).print(new PrintStream(out, true, StandardCharsets.UTF_8));

        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("2 cores", "24105 MB", "OpenJDK 17.0.15", "RabbitMQ 3.10.8", "took 95 s");
        assertThat(table.lines().filter(line -> line.startsWith("poll") && line.contains("200 req/s")).findFirst().orElseThrow())
                .contains("6,000 req/s", "10,000 req/s", "0.60", "≥ 70 % of baseline", "NO");
        assertThat(table.lines().filter(line -> line.contains("200 p99")).findFirst().orElseThrow())
                .contains("3.20 ms", "≤ 5 ms", "yes");
    }

    @Test
    void aTargetThatOnlyAppliesAtFullScaleIsNotJudgedInAScaledRun() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        report(0.05).print(new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(out.toString(StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("replay")).findFirst().orElseThrow())
                .endsWith("n/a");
    }

    @Test
    void theJsonFileHoldsTheMachineTheDateAndEveryResult(@TempDir Path directory) throws Exception {
        Path file = report(1).write(directory, "2026-11-28T12-00-00Z");

        JsonNode json = WireFormat.mapper().readTree(Files.readAllBytes(file));
        assertThat(json.path("machine").path("cores").asInt()).isEqualTo(2);
        assertThat(json.path("machine").path("memory_mb").asLong()).isEqualTo(24_105);
        assertThat(json.path("machine").path("jvm").asString()).isEqualTo("OpenJDK 17.0.15");
        assertThat(json.path("machine").path("rabbitmq").asString()).isEqualTo("3.10.8");
        assertThat(json.path("machine").path("date").asString()).isEqualTo("2026-11-28T12:00:00Z");
        assertThat(json.path("machine").path("commit").asString()).isEqualTo("abc1234");
        assertThat(json.path("results")).hasSize(4);
        JsonNode poll = json.path("results").get(1);
        assertThat(poll.path("baseline_value").asDouble()).isEqualTo(10_000);
        assertThat(poll.path("ratio").asDouble()).isEqualTo(0.6);
        assertThat(poll.path("met").asBoolean()).isFalse();
    }

    @Test
    void theCsvFileHasOneRowPerResultWithTheMachineOnEachRow(@TempDir Path directory) throws Exception {
        report(1).write(directory, "run");

        List<String> lines = Files.readAllLines(directory.resolve("run.csv"));
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).startsWith("date,commit,cores,memory_mb,jvm,rabbitmq,scale,scenario,metric");
        assertThat(lines.get(2)).startsWith("2026-11-28T12:00:00Z,abc1234,2,24105,OpenJDK 17.0.15,3.10.8,1.0,poll,")
                .contains("\"200 req/s, 8 clients\"", "6000.0", "10000.0", "0.6", "false");
    }
}
