package dev.mediaqueue.gateway;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.http.MediaType.APPLICATION_JSON;

/** {@code /api/health/queue} and the queue gauges report what the broker holds, read by passive declares. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "mediaqueue.gateway.queue-poll-interval=200ms")
@DirtiesContext
class QueueHealthIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    @RegisterExtension
    static final GatewayTestBed bed = new GatewayTestBed();

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        bed.register(registry);
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void queueDepthConsumersAndTheOldestQueuedJobAreReported() throws Exception {
        RestTestClient http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        GatewayTestBed.awaitReady(managementPort);

        for (int i = 0; i < 2; i++) {
            http.post().uri("/api/job/start").contentType(APPLICATION_JSON)
                    .body("{\"media_type\":\"video\",\"user_input\":\"a long film\"}").exchange()
                    .expectStatus().isAccepted();
        }
        try (Connection connection = bed.broker().newConnection(); Channel channel = connection.createChannel()) {
            channel.basicQos(1);
            channel.basicConsume(Topology.jobQueue(MediaType.AUDIO), false, new DefaultConsumer(channel));

            await().atMost(TIMEOUT).untilAsserted(() -> http.get().uri("/api/health/queue").exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.broker").isEqualTo("up")
                    .jsonPath("$.queues.video.depth").isEqualTo(2)
                    .jsonPath("$.queues.video.consumers").isEqualTo(0)
                    .jsonPath("$.queues.audio.consumers").isEqualTo(1)
                    .jsonPath("$.queues.image.depth").isEqualTo(0)
                    .jsonPath("$.jobs.queued").isEqualTo(2)
                    .jsonPath("$.checked_at").isNotEmpty());

            String metrics = http.get().uri("http://127.0.0.1:" + managementPort + "/actuator/prometheus").exchange()
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(metrics).contains(
                    "mediaqueue_queue_depth_messages{media_type=\"video\"} 2.0",
                    "mediaqueue_queue_consumers{media_type=\"audio\"} 1.0",
                    "mediaqueue_queue_consumers{media_type=\"video\"} 0.0",
                    "mediaqueue_jobs{state=\"queued\"} 2.0");
            assertThat(metrics).containsPattern("mediaqueue_queue_oldest_age_seconds\\{media_type=\"video\"} \\d+\\.\\d+");
            assertThat(metrics).doesNotContain("mediaqueue_queue_oldest_age_seconds{media_type=\"video\"} 0.0");
            assertThat(metrics).contains("mediaqueue_publish_confirm_seconds_count{kind=\"job\"} 2",
                    "mediaqueue_publish_confirm_seconds_bucket{kind=\"event\",le=\"5.0\"}",
                    "http_server_requests_seconds_bucket{");
        }
    }
}
