package dev.mediaqueue.bench.broker;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.mediaqueue.model.Topology;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A vhost of its own for one part of a run, on the local RabbitMQ ({@code rabbitmqctl}); closing it
 * deletes it with every queue and stream in it. The broker is {@code RABBITMQ_HOST} (default
 * 127.0.0.1), {@code RABBITMQ_PORT} (5672), {@code RABBITMQ_USERNAME}/{@code RABBITMQ_PASSWORD}
 * (guest/guest).
 */
public final class Vhost implements AutoCloseable {

    private final String name;
    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final AtomicBoolean deleted = new AtomicBoolean();
    private static volatile String serverVersion = "unknown";

    private Vhost(String name, String host, int port, String username, String password) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
    }

    /** Creates {@code mq-bench-<purpose>-<random>}. */
    public static Vhost create(String purpose) throws IOException, InterruptedException {
        Vhost vhost = new Vhost("mq-bench-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8),
                env("RABBITMQ_HOST", "127.0.0.1"), Integer.parseInt(env("RABBITMQ_PORT", "5672")),
                env("RABBITMQ_USERNAME", "guest"), env("RABBITMQ_PASSWORD", "guest"));
        rabbitmqctl("add_vhost", vhost.name);
        rabbitmqctl("set_permissions", "-p", vhost.name, vhost.username, ".*", ".*", ".*");
        return vhost;
    }

    public String name() {
        return name;
    }

    /** {@code --spring.rabbitmq.*} arguments that point an app at this vhost. */
    public List<String> springArguments() {
        return List.of("--spring.rabbitmq.host=" + host, "--spring.rabbitmq.port=" + port,
                "--spring.rabbitmq.username=" + username, "--spring.rabbitmq.password=" + password,
                "--spring.rabbitmq.virtual-host=" + name);
    }

    public Connection connect(String connectionName) throws IOException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setVirtualHost(name);
        try {
            Connection connection = factory.newConnection(connectionName);
            serverVersion = String.valueOf(connection.getServerProperties().get("version"));
            return connection;
        } catch (TimeoutException e) {
            throw new IOException("cannot connect to RabbitMQ at " + host + ":" + port, e);
        }
    }

    /** Declares the project's topology (as gateway and worker do at start). */
    public void declareTopology() throws IOException {
        try (Connection connection = connect("bench-topology"); Channel channel = connection.createChannel()) {
            Topology.declare(channel, Topology.Settings.DEFAULTS);
        } catch (TimeoutException e) {
            throw new IOException(e);
        }
    }

    /** The RabbitMQ version the last connection reported. */
    public static String serverVersion() {
        return serverVersion;
    }

    /** Deletes the vhost (once, however often it is called). */
    @Override
    public void close() throws IOException, InterruptedException {
        if (deleted.compareAndSet(false, true)) {
            rabbitmqctl("delete_vhost", name);
        }
    }

    private static void rabbitmqctl(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (the benchmark needs the local broker's "
                    + "rabbitmqctl): " + new String(output));
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
