package dev.mediaqueue.worker;

import dev.mediaqueue.testing.RabbitBroker;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a worker integration test class runs against: the real broker in a vhost of its own, a result
 * directory, and a {@link BrokerClient} playing the gateway's part. Register it as a static
 * {@code @RegisterExtension} field and hand its properties to the worker from a
 * {@code @DynamicPropertySource} method with {@link #register}; after the class it closes the client,
 * deletes the vhost and removes the result directory.
 */
final class WorkerTestBed implements BeforeAllCallback, AfterAllCallback {

    private final RabbitBroker broker = RabbitBroker.create();
    private final Path results;
    private BrokerClient client;

    WorkerTestBed() {
        try {
            results = Files.createTempDirectory("worker-it-results");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The broker's connection settings and the result directory as the worker's properties. */
    void register(DynamicPropertyRegistry registry) {
        broker.springProperties().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("mediaqueue.results.dir", results::toString);
    }

    RabbitBroker broker() {
        return broker;
    }

    Path results() {
        return results;
    }

    /** The test's connection to the broker, open from before the first test to after the last. */
    BrokerClient client() {
        return client;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        client = BrokerClient.connect(broker);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            broker.close();
            FileSystemUtils.deleteRecursively(results);
        }
    }
}
