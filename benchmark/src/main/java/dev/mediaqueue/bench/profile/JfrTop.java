package dev.mediaqueue.bench.profile;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a JFR recording's CPU samples ({@code jdk.ExecutionSample}) went: by thread pool, by the method
 * on top of the stack (self time), and by every method on the stack (total time), optionally only for
 * methods of one package prefix, optionally only for the threads whose name starts with a prefix:
 * {@code java -jar benchmark.jar --jfr-top app.jfr [--prefix dev.mediaqueue] [--thread http-nio] [--limit 25]}.
 * With {@code --event jdk.ThreadPark} (or {@code jdk.JavaMonitorEnter}, ...) it counts those events
 * instead, each weighted by its duration in milliseconds: where threads waited.
 */
public final class JfrTop {

    private final String threadPrefix;
    private final String eventType;
    private final Map<String, Integer> threads = new HashMap<>();
    private final Map<String, Integer> self = new HashMap<>();
    private final Map<String, Integer> total = new HashMap<>();
    private int samples;

    private JfrTop(String threadPrefix, String eventType) {
        this.threadPrefix = threadPrefix;
        this.eventType = eventType;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: --jfr-top <recording.jfr> [--prefix dev.mediaqueue] [--thread http-nio] [--limit 25]");
            System.exit(2);
        }
        String prefix = "";
        String thread = "";
        String event = "jdk.ExecutionSample";
        int limit = 25;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--prefix" -> prefix = args[i + 1];
                case "--thread" -> thread = args[i + 1];
                case "--limit" -> limit = Integer.parseInt(args[i + 1]);
                case "--event" -> event = args[i + 1];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        of(Path.of(args[0]), thread, event).print(System.out, prefix, limit);
    }

    public static JfrTop of(Path recording, String threadPrefix, String eventType) throws IOException {
        JfrTop top = new JfrTop(threadPrefix, eventType);
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (event.getEventType().getName().equals(top.eventType)) {
                    top.add(event);
                }
            }
        }
        return top;
    }

    private void add(RecordedEvent event) {
        RecordedStackTrace stack = event.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
            return;
        }
        boolean sample = eventType.equals("jdk.ExecutionSample");
        RecordedThread thread = sample ? event.getThread("sampledThread") : event.getThread();
        String threadName = thread == null || thread.getJavaName() == null ? "?" : thread.getJavaName();
        if (!threadName.startsWith(threadPrefix)) {
            return;
        }
        int weight = sample ? 1 : (int) Math.max(1, event.getDuration().toMillis());
        samples += weight;
        threads.merge(pool(threadName), weight, Integer::sum);
        List<RecordedFrame> frames = stack.getFrames();
        self.merge(name(frames.get(0)), weight, Integer::sum);
        Set<String> seen = new HashSet<>();
        for (RecordedFrame frame : frames) {
            String name = name(frame);
            if (seen.add(name)) {
                total.merge(name, weight, Integer::sum);
            }
        }
    }

    /** A thread's pool: its name without the trailing number ({@code http-nio-8080-exec-7} → {@code http-nio-8080-exec-}). */
    static String pool(String threadName) {
        return threadName == null ? "?" : threadName.replaceAll("\\d+$", "");
    }

    private static String name(RecordedFrame frame) {
        RecordedMethod method = frame.getMethod();
        return method == null ? "?" : method.getType().getName() + "." + method.getName();
    }

    public void print(PrintStream out, String prefix, int limit) {
        out.printf("%d %s%s%n", samples, eventType.equals("jdk.ExecutionSample") ? "CPU samples" : "ms of " + eventType,
                threadPrefix.isEmpty() ? "" : " of threads " + threadPrefix + "*");
        section(out, "by thread", threads, "", limit);
        section(out, "self (top of stack)", self, "", limit);
        section(out, "total (anywhere on the stack)" + (prefix.isEmpty() ? "" : ", " + prefix + "*"), total, prefix, limit);
    }

    private void section(PrintStream out, String title, Map<String, Integer> counts, String prefix, int limit) {
        out.printf("%n%s%n", title);
        counts.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .limit(limit)
                .forEach(e -> out.printf("  %5.1f %%  %6d  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getValue(), e.getKey()));
    }
}
