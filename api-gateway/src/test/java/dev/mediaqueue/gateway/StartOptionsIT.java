package dev.mediaqueue.gateway;

import com.rabbitmq.client.GetResponse;
import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.model.Topology;
import dev.mediaqueue.model.WireFormat;
import dev.mediaqueue.testing.RabbitBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.http.MediaType.APPLICATION_JSON;
import static org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON;

/** Idempotent starts and start_by on a real broker, across a gateway restart. */
class StartOptionsIT {

    static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
    };
    static final String BODY = "{\"media_type\":\"video\",\"user_input\":\"a paper boat on a river\"}";
    static final String SAME_BODY_RESPELLED = """
            {
              "user_input": "a paper boat on a river",
              "priority": "normal",
              "media_type": "video"
            }""";
    static final String OTHER_BODY = "{\"media_type\":\"video\",\"user_input\":\"a paper plane\"}";

    static final RabbitBroker broker = RabbitBroker.create();

    @AfterAll
    static void closeBroker() {
        broker.close();
    }

    @Test
    void sameKeyStartsOneJobAlsoAcrossAGatewayRestart() throws Exception {
        UUID jobId;
        try (BrokerProbe probe = new BrokerProbe(broker); ConfigurableApplicationContext gateway = startGateway()) {
            RestTestClient http = client(gateway);

            Map<String, Object> accepted = http.post().uri("/api/job/start").header("Idempotency-Key", "upload-7")
                    .contentType(APPLICATION_JSON).body(BODY).exchange()
                    .expectStatus().isAccepted().expectBody(JSON_OBJECT).returnResult().getResponseBody();
            jobId = UUID.fromString((String) accepted.get("job_id"));

            http.post().uri("/api/job/start").header("Idempotency-Key", "upload-7").contentType(APPLICATION_JSON)
                    .body(SAME_BODY_RESPELLED).exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueEquals(HttpHeaders.LOCATION, "/api/job/" + jobId + "/status")
                    .expectBody().jsonPath("$.job_id").isEqualTo(jobId.toString()).jsonPath("$.status").isEqualTo("queued");
            http.post().uri("/api/job/start").header("Idempotency-Key", "upload-7").contentType(APPLICATION_JSON)
                    .body(OTHER_BODY).exchange()
                    .expectStatus().isEqualTo(422).expectHeader().contentType(APPLICATION_PROBLEM_JSON);

            assertThat(probe.depth(Topology.jobQueue(MediaType.VIDEO))).as("one job message").isEqualTo(1);
            StatusEvent queued = probe.newestEvent(jobId);
            assertThat(queued.idempotencyKey()).isEqualTo("upload-7");
            assertThat(queued.requestHash()).hasSize(64);
            assertThat(probe.statusEvents()).as("one queued event").filteredOn(e -> e.mediaType() == MediaType.VIDEO).hasSize(1);
        }

        try (BrokerProbe probe = new BrokerProbe(broker); ConfigurableApplicationContext restarted = startGateway()) {
            RestTestClient http = client(restarted);

            http.post().uri("/api/job/start").header("Idempotency-Key", "upload-7").contentType(APPLICATION_JSON)
                    .body(BODY).exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.job_id").isEqualTo(jobId.toString());
            http.post().uri("/api/job/start").header("Idempotency-Key", "upload-7").contentType(APPLICATION_JSON)
                    .body(OTHER_BODY).exchange()
                    .expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.job_id").isEqualTo(jobId.toString());
            http.post().uri("/api/job/start").header("Idempotency-Key", "upload-8").contentType(APPLICATION_JSON)
                    .body(BODY).exchange()
                    .expectStatus().isAccepted();

            assertThat(probe.depth(Topology.jobQueue(MediaType.VIDEO))).as("the new key's job only").isEqualTo(2);
        }
    }

    @Test
    void startByTravelsWithTheJobMessage() throws Exception {
        Instant startBy = Instant.now().plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        try (BrokerProbe probe = new BrokerProbe(broker); ConfigurableApplicationContext gateway = startGateway()) {
            RestTestClient http = client(gateway);
            long before = probe.depth(Topology.jobQueue(MediaType.AUDIO));

            http.post().uri("/api/job/start").contentType(APPLICATION_JSON)
                    .body("{\"media_type\":\"audio\",\"user_input\":\"rain\",\"start_by\":\"" + startBy + "\"}").exchange()
                    .expectStatus().isAccepted();
            http.post().uri("/api/job/start").contentType(APPLICATION_JSON)
                    .body("{\"media_type\":\"audio\",\"user_input\":\"rain\",\"start_by\":\"2001-01-01T00:00:00Z\"}").exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("start_by");

            assertThat(probe.depth(Topology.jobQueue(MediaType.AUDIO))).isEqualTo(before + 1);
            GetResponse message = probe.take(Topology.jobQueue(MediaType.AUDIO));
            assertThat(WireFormat.read(message.getBody(), JobMessage.class).startBy()).isEqualTo(startBy);
        }
    }

    private static RestTestClient client(ConfigurableApplicationContext context) {
        RestTestClient http = RestTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port")).build();
        String readiness = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.management.port")
                + "/actuator/health/readiness";
        await().atMost(Duration.ofSeconds(60)).until(() ->
                http.get().uri(readiness).exchange().returnResult().getStatus().is2xxSuccessful());
        return http;
    }

    private static ConfigurableApplicationContext startGateway() {
        List<String> args = new ArrayList<>(broker.commandLineArguments());
        args.add("--server.port=0");
        args.add("--management.server.port=0");
        return new SpringApplicationBuilder(GatewayApplication.class).run(args.toArray(String[]::new));
    }
}
