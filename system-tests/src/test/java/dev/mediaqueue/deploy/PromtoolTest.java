package dev.mediaqueue.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Checks the Prometheus files with promtool (Debian package {@code prometheus}): the scrape config, the
 * alert rules, the alert rules' unit tests, and every query of the Grafana dashboard.
 * Fails, never skips, when promtool is missing.
 */
class PromtoolTest {

    private static final String INSTALL_HINT =
            "promtool not found on PATH: install Debian's prometheus package "
                    + "(apt-get update && apt-get install -y --no-install-recommends prometheus)";

    private static Path promtool;
    private final Path repoRoot = DeployFiles.repoRoot();

    @BeforeAll
    static void findPromtool() {
        promtool = findOnPath("promtool");
        if (promtool == null) {
            fail(INSTALL_HINT);
        }
    }

    @Test
    void scrapeConfigIsValid() {
        assertPromtoolSucceeds("check", "config", "deploy/prometheus/prometheus.yml");
    }

    @Test
    void alertRulesAreValid() {
        assertPromtoolSucceeds("check", "rules", "deploy/prometheus/alerts.yml");
    }

    @Test
    void alertRuleUnitTestsPass() {
        assertPromtoolSucceeds("test", "rules", "deploy/prometheus/alerts.test.yml");
    }

    /** Every dashboard query, with Grafana's variables filled in, is valid PromQL. */
    @Test
    void dashboardQueriesAreValidPromql(@TempDir Path tmp) throws IOException {
        List<String> exprs = new ArrayList<>();
        for (Path file : DeployFiles.filesEndingWith(repoRoot.resolve("deploy/grafana/dashboards"), ".json")) {
            collectExprs(DeployFiles.json(file), exprs);
        }
        assertThat(exprs).hasSizeGreaterThan(20);
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < exprs.size(); i++) {
            String expr = exprs.get(i)
                    .replace("$__rate_interval", "1m")
                    .replace("$__interval", "15s")
                    .replace("$__range", "1h")
                    .replace("$media_type", ".*");
            assertThat(expr).as("unknown Grafana variable in %s", exprs.get(i)).doesNotContain("$");
            rules.append("      - record: dashboard_query_").append(i).append('\n')
                    .append("        expr: '").append(expr.replace("'", "''")).append("'\n");
        }
        Path file = tmp.resolve("dashboard-queries.yml");
        Files.writeString(file, rules, StandardCharsets.UTF_8);
        assertPromtoolSucceeds("check", "rules", file.toString());
    }

    private static void collectExprs(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("expr") && e.getValue().isString()) {
                    out.add(e.getValue().asString());
                } else {
                    collectExprs(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectExprs(child, out));
        }
    }

    private void assertPromtoolSucceeds(String... args) {
        List<String> command = new ArrayList<>();
        command.add(promtool.toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command)
                    .directory(repoRoot.toFile())
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            // promtool's output is small; read it all, then wait
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail("%s did not finish within 2 minutes:%n%s", String.join(" ", command), output);
            }
            assertThat(process.exitValue())
                    .as("%s failed:%n%s", String.join(" ", command), output)
                    .isZero();
        } catch (IOException e) {
            throw new AssertionError("could not run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static Path findOnPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        List<String> dirs = new ArrayList<>(List.of(path.split(File.pathSeparator)));
        dirs.add("/usr/bin");
        dirs.add("/usr/local/bin");
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
