package dev.mediaqueue.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code mediaqueue_*} metric names that the alert rules and the Grafana dashboards use.
 *
 * <p>Names are returned as the metric catalog ({@code docs/metrics.md}) lists them: a histogram
 * series ({@code mediaqueue_job_run_seconds_bucket}, {@code _count}, {@code _sum}) counts as its
 * histogram ({@code mediaqueue_job_run_seconds}); counters keep their {@code _total}, which is both
 * their catalog name and the sample name an app exports ({@code mediaqueue_jobs_submitted_total}).
 *
 * <p>To check them against a running app, read its {@code /actuator/prometheus} text and compare:
 * {@code assertThat(namesIn(scrape)).containsAll(usedByDeploy(repoRoot))} — {@link #namesIn} applies the
 * same normalisation to sample names (names from {@code # HELP}/{@code # TYPE} lines only add to that set).
 */
public final class MetricNames {

    /** A {@code mediaqueue_} metric name; not preceded by a character that could belong to a longer word. */
    private static final Pattern NAME = Pattern.compile("(?<![A-Za-z0-9_:.-])mediaqueue_[A-Za-z0-9_]*[A-Za-z0-9]");

    /** Series suffixes of a histogram; the histogram's own name is the rest. */
    private static final Pattern HISTOGRAM_SERIES = Pattern.compile("^(.+)_(bucket|count|sum)$");

    private MetricNames() {
    }

    /**
     * Every {@code mediaqueue_*} metric used by {@code deploy/prometheus/alerts.yml} and the dashboards in
     * {@code deploy/grafana/dashboards/}, as the catalog names them (see the class comment).
     */
    public static Set<String> usedByDeploy(Path repoRoot) {
        Set<String> names = new TreeSet<>(namesIn(read(repoRoot.resolve("deploy/prometheus/alerts.yml"))));
        Path dashboards = repoRoot.resolve("deploy/grafana/dashboards");
        try (Stream<Path> files = Files.list(dashboards)) {
            files.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .forEach(p -> names.addAll(namesIn(read(p))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** Every {@code mediaqueue_*} name in {@code text}, each reduced by {@link #baseName}. */
    public static Set<String> namesIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(text);
        while (m.find()) {
            names.add(baseName(m.group()));
        }
        return names;
    }

    /**
     * The catalog name of a series: {@code x_bucket}, {@code x_count} and {@code x_sum} become {@code x};
     * every other name (counters with {@code _total}, gauges) stays as it is.
     */
    public static String baseName(String series) {
        Matcher m = HISTOGRAM_SERIES.matcher(series);
        return m.matches() ? m.group(1) : series;
    }

    /** The {@code mediaqueue_*} names listed in the metric catalog {@code docs/metrics.md}. */
    public static Set<String> catalog(Path repoRoot) {
        Set<String> names = new TreeSet<>();
        Pattern row = Pattern.compile("^\\|\\s*`(mediaqueue_[A-Za-z0-9_]+)`");
        for (String line : read(repoRoot.resolve("docs/metrics.md")).split("\n")) {
            Matcher m = row.matcher(line);
            if (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
