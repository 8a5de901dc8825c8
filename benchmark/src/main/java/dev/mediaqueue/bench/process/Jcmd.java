package dev.mediaqueue.bench.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code jcmd} against a JVM of this machine. */
final class Jcmd {

    /** {@code garbage-first heap   total 262144K, used 45678K [...]} and the like for other collectors. */
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");

    private Jcmd() {
    }

    static String run(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command)
                .redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
        return new String(output, StandardCharsets.UTF_8);
    }

    static long heapUsedBytes(String heapInfo) {
        Matcher matcher = HEAP_USED.matcher(heapInfo);
        if (!matcher.find()) {
            throw new IllegalArgumentException("no heap usage in: " + heapInfo);
        }
        return Long.parseLong(matcher.group(2)) * 1024;
    }
}
