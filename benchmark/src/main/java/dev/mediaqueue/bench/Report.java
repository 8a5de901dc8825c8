package dev.mediaqueue.bench;

import dev.mediaqueue.model.WireFormat;
import tools.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results of a run as a table on the console, and as JSON and CSV files. */
public final class Report {

    private static final String[] HEADER = {"scenario", "metric", "value", "baseline", "ratio", "target", "met"};

    private final Machine machine;
    private final double scale;
    private final List<String> scenarios;
    private final Duration took;
    private final Results results;

    public Report(Machine machine, double scale, List<String> scenarios, Duration took, Results results) {
        this.machine = machine;
        this.scale = scale;
        this.scenarios = List.copyOf(scenarios);
        this.took = took;
        this.results = results;
    }

    public void print(PrintStream out) {
        out.printf(Locale.ROOT, "%nmediaqueue benchmark, scale %s, %s, %d cores, %d MB, %s, RabbitMQ %s, load %s, took %d s%n",
                Numbers.format(scale), machine.date(), machine.cores(), machine.memoryMb(), machine.jvm(),
                machine.rabbitmq(), machine.loadAverage(), took.toSeconds());
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Measurement m : results.measurements()) {
            rows.add(cells(m));
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean numeric = i == 2 || i == 3 || i == 4;
                String cell = numeric ? pad(row[i], widths[i], true) : pad(row[i], widths[i], false);
                line.append(cell).append(i < row.length - 1 ? "  " : "");
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** The table's cells of one measurement, as text. */
    String[] cells(Measurement m) {
        String baseline = m.baseline() == null ? "" : Numbers.format(m.baseline().value()) + " " + m.baseline().unit();
        String ratio = m.ratio().map(r -> String.format(Locale.ROOT, "%.2f", r)).orElse("");
        String target = m.target() == null ? "" : m.target().describe(m.unit());
        String met = m.target() == null ? "" : m.met(scale).map(ok -> ok ? "yes" : "NO").orElse("n/a");
        return new String[] {m.scenario(), m.metric(), Numbers.format(m.value()) + " " + m.unit(), baseline, ratio, target, met};
    }

    /** Writes {@code <stamp>.json} and {@code <stamp>.csv} into {@code directory}; answers the JSON file. */
    public Path write(Path directory, String stamp) throws IOException {
        Files.createDirectories(directory);
        Path json = directory.resolve(stamp + ".json");
        Files.write(json, WireFormat.mapper().rebuild().enable(SerializationFeature.INDENT_OUTPUT).build()
                .writeValueAsBytes(toMap()));
        Files.writeString(directory.resolve(stamp + ".csv"), toCsv(), StandardCharsets.UTF_8);
        return json;
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("benchmark", "mediaqueue");
        map.put("machine", machine.toMap());
        map.put("scale", scale);
        map.put("scenarios", scenarios);
        map.put("took_seconds", took.toSeconds());
        map.put("load_average_at_end", Machine.currentLoadAverage());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Measurement m : results.measurements()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("scenario", m.scenario());
            row.put("metric", m.metric());
            row.put("unit", m.unit());
            row.put("value", m.value());
            if (m.baseline() != null) {
                row.put("baseline", m.baseline().scenario() + ": " + m.baseline().metric());
                row.put("baseline_value", m.baseline().value());
                m.ratio().ifPresent(r -> row.put("ratio", r));
            }
            if (m.target() != null) {
                row.put("target", m.target().describe(m.unit()));
                m.met(scale).ifPresent(ok -> row.put("met", ok));
            }
            rows.add(row);
        }
        map.put("results", rows);
        map.put("details", results.details());
        return map;
    }

    String toCsv() {
        StringBuilder csv = new StringBuilder(
                "date,commit,cores,memory_mb,jvm,rabbitmq,scale,scenario,metric,unit,value,baseline,baseline_value,ratio,target,met\n");
        for (Measurement m : results.measurements()) {
            List<String> cells = List.of(machine.date().toString(), machine.commit(), String.valueOf(machine.cores()),
                    String.valueOf(machine.memoryMb()), machine.jvm(), machine.rabbitmq(), String.valueOf(scale),
                    m.scenario(), m.metric(), m.unit(), String.valueOf(m.value()),
                    m.baseline() == null ? "" : m.baseline().scenario() + ": " + m.baseline().metric(),
                    m.baseline() == null ? "" : String.valueOf(m.baseline().value()),
                    m.ratio().map(String::valueOf).orElse(""),
                    m.target() == null ? "" : m.target().describe(m.unit()),
                    m.met(scale).map(String::valueOf).orElse(""));
            csv.append(String.join(",", cells.stream().map(Report::csvCell).toList())).append('\n');
        }
        return csv.toString();
    }

    private static String csvCell(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    private static String pad(String text, int width, boolean right) {
        String padding = " ".repeat(Math.max(0, width - text.length()));
        return right ? padding + text : text + padding;
    }
}
