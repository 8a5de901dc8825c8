package dev.mediaqueue.gateway;

import dev.mediaqueue.testing.RabbitBroker;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * What a gateway integration test class runs against: the real broker in a vhost of its own and a
 * {@link BrokerProbe} on it that plays the workers' and the operator's part. Register it as a static
 * {@code @RegisterExtension} field and hand the broker to the gateway from a {@code @DynamicPropertySource}
 * method with {@link #register}; after the class it closes the probe and deletes the vhost.
 */
final class GatewayTestBed implements AfterAllCallback {

    private final RabbitBroker broker = RabbitBroker.create();
    private final BrokerProbe probe = new BrokerProbe(broker);

    /** The broker's connection settings as the gateway's properties. */
    void register(DynamicPropertyRegistry registry) {
        broker.springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** Waits until the gateway's readiness probe, on its management port, answers 200 (its replay caught up). */
    static void awaitReady(int managementPort) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest readiness = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness")).build();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    RabbitBroker broker() {
        return broker;
    }

    BrokerProbe probe() {
        return probe;
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            probe.close();
        } finally {
            broker.close();
        }
    }
}
