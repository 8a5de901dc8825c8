package dev.mediaqueue.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The broker's view of a test vhost through the local {@code rabbitmqctl}: closes its connections from
 * the broker's side, as a broker restart or a network failure would, and counts the messages of its
 * queues including unacknowledged ones. Never touches another vhost.
 */
public final class BrokerConnections {

    private BrokerConnections() {
    }

    /**
     * Closes every connection of the broker's test vhost except those whose client port is in
     * {@code keepClientPorts}.
     *
     * @return how many it closed
     */
    public static int closeAll(RabbitBroker broker, Set<Integer> keepClientPorts) {
        requireLocal(broker);
        List<Process> closing = new ArrayList<>();
        for (String line : rabbitmqctl("list_connections", "-s", "vhost", "pid", "peer_port")) {
            String[] columns = line.split("\t");
            if (columns.length == 3 && columns[0].equals(broker.vhost())
                    && !keepClientPorts.contains(Integer.parseInt(columns[2].trim()))) {
                // all at once, as a broker restart would: one rabbitmqctl call takes seconds
                closing.add(start("close_connection", columns[1], "test"));
            }
        }
        for (Process process : closing) {
            finish(process);
        }
        return closing.size();
    }

    /** Messages in {@code queue}, ready and unacknowledged (running jobs) together. */
    public static int messagesIn(RabbitBroker broker, String queue) {
        requireLocal(broker);
        for (String line : rabbitmqctl("list_queues", "-s", "-p", broker.vhost(), "name", "messages")) {
            String[] columns = line.split("\t");
            if (columns.length == 2 && columns[0].equals(queue)) {
                return Integer.parseInt(columns[1].trim());
            }
        }
        throw new IllegalStateException("no queue " + queue + " in " + broker.vhost());
    }

    /** The names of the test vhost's queues that have at least one consumer. */
    public static List<String> queuesWithConsumers(RabbitBroker broker) {
        requireLocal(broker);
        List<String> queues = new ArrayList<>();
        for (String line : rabbitmqctl("list_queues", "-s", "-p", broker.vhost(), "name", "consumers")) {
            String[] columns = line.split("\t");
            if (columns.length == 2 && Integer.parseInt(columns[1].trim()) > 0) {
                queues.add(columns[0]);
            }
        }
        return queues;
    }

    private static void requireLocal(RabbitBroker broker) {
        boolean local = "local".equals(System.getenv("MEDIAQUEUE_TEST_BROKER"))
                || (broker.host().startsWith("127.") || broker.host().equals("localhost")) && broker.port() == 5672;
        assumeTrue(local, "needs the local broker's rabbitmqctl (MEDIAQUEUE_TEST_BROKER=local)");
    }

    private static List<String> rabbitmqctl(String... args) {
        return finish(start(args));
    }

    private static Process start(String... args) {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl"));
        command.addAll(List.of(args));
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run rabbitmqctl", e);
        }
    }

    private static List<String> finish(Process process) {
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(process.info().commandLine().orElse("rabbitmqctl") + " failed: " + output);
            }
            return output.lines().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
