package dev.mediaqueue.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where and when a run happened: cores, memory, JVM, OS, RabbitMQ version, load, date and commit.
 *
 * @param loadAverage the 1-minute load average when the run started (this machine is shared)
 */
public record Machine(int cores, long memoryMb, String jvm, String os, String rabbitmq, String loadAverage,
                      Instant date, String commit) {

    public static Machine describe(String rabbitmqVersion, String commit, Instant date, String loadAverage) {
        return new Machine(Runtime.getRuntime().availableProcessors(), totalMemoryMb(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                rabbitmqVersion, loadAverage, date, commit);
    }

    /** The 1-, 5- and 15-minute load averages, or "unknown" off Linux. */
    public static String currentLoadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static long totalMemoryMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: unknown
        }
        return -1;
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("cores", cores);
        map.put("memory_mb", memoryMb);
        map.put("jvm", jvm);
        map.put("os", os);
        map.put("rabbitmq", rabbitmq);
        map.put("load_average_at_start", loadAverage);
        map.put("date", date.toString());
        map.put("commit", commit);
        return map;
    }
}
