package dev.mediaqueue.testing;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.rabbitmq.RabbitMQContainer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real RabbitMQ for a test, isolated in a vhost of its own.
 *
 * <p>Where Docker is available the broker is a Testcontainers {@link RabbitMQContainer} (one per test
 * JVM). Otherwise it is the broker at {@code RABBITMQ_HOST} (default {@code 127.0.0.1}),
 * {@code RABBITMQ_PORT} (5672), {@code RABBITMQ_USERNAME}/{@code RABBITMQ_PASSWORD} (guest/guest):
 * tests are never skipped for lack of Docker. Each {@link #create()} makes a fresh vhost
 * ({@code rabbitmqctl add_vhost} on a local broker, the management HTTP API at
 * {@code RABBITMQ_MANAGEMENT_PORT} (15672) on a remote one) and {@link #close()} deletes it with
 * everything declared in it.
 */
public final class RabbitBroker implements AutoCloseable {

    private static RabbitMQContainer container;

    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final String vhost;
    private final boolean ownsVhost;

    private RabbitBroker(String host, int port, String username, String password, String vhost, boolean ownsVhost) {
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
        this.vhost = vhost;
        this.ownsVhost = ownsVhost;
    }

    /** A broker with a fresh vhost; close it to delete the vhost. */
    public static RabbitBroker create() {
        String vhost = "mq-test-" + UUID.randomUUID().toString().substring(0, 12);
        if (useContainer()) {
            RabbitMQContainer c = container();
            RabbitBroker broker = new RabbitBroker(c.getHost(), c.getAmqpPort(), c.getAdminUsername(),
                    c.getAdminPassword(), vhost, true);
            exec(c, "rabbitmqctl", "add_vhost", vhost);
            exec(c, "rabbitmqctl", "set_permissions", "-p", vhost, c.getAdminUsername(), ".*", ".*", ".*");
            return broker;
        }
        RabbitBroker broker = new RabbitBroker(env("RABBITMQ_HOST", "127.0.0.1"),
                Integer.parseInt(env("RABBITMQ_PORT", "5672")), env("RABBITMQ_USERNAME", "guest"),
                env("RABBITMQ_PASSWORD", "guest"), vhost, true);
        broker.addVhost();
        return broker;
    }

    public String host() { return host; }
    public int port() { return port; }
    public String username() { return username; }
    public String password() { return password; }
    public String vhost() { return vhost; }

    /** Spring Boot properties that point an application at this broker and vhost. */
    public Map<String, String> springProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.rabbitmq.host", host);
        p.put("spring.rabbitmq.port", String.valueOf(port));
        p.put("spring.rabbitmq.username", username);
        p.put("spring.rabbitmq.password", password);
        p.put("spring.rabbitmq.virtual-host", vhost);
        return p;
    }

    /** The same properties as {@code --name=value} command-line arguments for a separate process. */
    public List<String> commandLineArguments() {
        return springProperties().entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList();
    }

    /** A plain client connection factory for this vhost. */
    public ConnectionFactory connectionFactory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setVirtualHost(vhost);
        return factory;
    }

    /** A new client connection to this vhost; the caller closes it. */
    public Connection newConnection() {
        try {
            return connectionFactory().newConnection("mediaqueue-test");
        } catch (Exception e) {
            throw new IllegalStateException("cannot connect to RabbitMQ at " + host + ":" + port + " vhost " + vhost, e);
        }
    }

    @Override
    public void close() {
        if (!ownsVhost) {
            return;
        }
        if (container != null && useContainer()) {
            exec(container, "rabbitmqctl", "delete_vhost", vhost);
        } else {
            deleteVhost();
        }
    }

    private void addVhost() {
        if (isLoopback(host) && run("rabbitmqctl", "add_vhost", vhost)) {
            run("rabbitmqctl", "set_permissions", "-p", vhost, username, ".*", ".*", ".*");
            return;
        }
        management("PUT", "/api/vhosts/" + vhost, null);
        management("PUT", "/api/permissions/" + vhost + "/" + username,
                "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
    }

    private void deleteVhost() {
        if (isLoopback(host) && run("rabbitmqctl", "delete_vhost", vhost)) {
            return;
        }
        management("DELETE", "/api/vhosts/" + vhost, null);
    }

    private void management(String method, String path, String json) {
        String base = "http://" + host + ":" + env("RABBITMQ_MANAGEMENT_PORT", "15672");
        String auth = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Basic " + auth)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("neither rabbitmqctl nor the management API at " + base
                    + " can create a test vhost; run the tests on the broker's machine or enable rabbitmq_management", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void exec(RabbitMQContainer c, String... command) {
        try {
            var result = c.execInContainer(command);
            if (result.getExitCode() != 0) {
                throw new IllegalStateException(String.join(" ", command) + ": " + result.getStderr());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    private static synchronized boolean useContainer() {
        if ("local".equals(System.getenv("MEDIAQUEUE_TEST_BROKER"))) {
            return false;
        }
        return container != null || DockerHolder.AVAILABLE;
    }

    private static synchronized RabbitMQContainer container() {
        if (container == null) {
            container = new RabbitMQContainer("rabbitmq:4.1-management");
            container.start();
        }
        return container;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static final class DockerHolder {
        static final boolean AVAILABLE = dockerAvailable();

        private static boolean dockerAvailable() {
            try {
                return DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                return false;
            }
        }
    }
}
