package dev.mediaqueue.worker.job;

import dev.mediaqueue.testing.RabbitBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A worker is ready only while it is connected to the broker and consumes every job queue it serves. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mediaqueue.worker.media-types=image,audio",
        "management.endpoint.health.show-details=always"})
@DirtiesContext
class WorkerReadinessIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final RabbitBroker broker = RabbitBroker.create();

    @LocalServerPort
    int port;

    @Autowired
    JobListenerContainers containers;

    @Autowired
    CachingConnectionFactory connectionFactory;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) throws IOException {
        broker.springProperties().forEach((name, value) -> registry.add(name, () -> value));
        Path results = Files.createTempDirectory("readiness-results");
        registry.add("mediaqueue.results.dir", results::toString);
    }

    @AfterAll
    static void closeBroker() {
        broker.close();
    }

    @Test
    void readinessFollowsTheConnectionAndTheJobConsumers() {
        await().atMost(TIMEOUT).until(() -> readiness().statusCode() == 200);
        assertThat(readiness().body()).contains("\"jobConsumers\"", "\"media.jobs.image\":\"consuming\"",
                "\"media.jobs.audio\":\"consuming\"", "\"connection\":\"open\"");

        containers.stop();
        HttpResponse<String> stopped = readiness();
        assertThat(stopped.statusCode()).isEqualTo(503);
        assertThat(stopped.body()).contains("\"media.jobs.image\":\"not consuming\"");

        // with the consumers stopped nothing reconnects on its own
        connectionFactory.resetConnection();
        assertThat(readiness().body()).contains("\"connection\":\"closed\"");

        containers.start();
        await().atMost(TIMEOUT).until(() -> readiness().statusCode() == 200);
        assertThat(readiness().body()).contains("\"connection\":\"open\"", "\"media.jobs.audio\":\"consuming\"");
    }

    private HttpResponse<String> readiness() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
