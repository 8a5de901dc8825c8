package dev.mediaqueue.system;

import dev.mediaqueue.testing.RabbitBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A gateway process that is stopped and started again rebuilds every job's status from the stream. */
class GatewayRestartIT {

    @TempDir
    static Path results;

    private static RabbitBroker broker;
    private static AppProcess worker;

    @BeforeAll
    static void startBrokerAndWorker() {
        broker = RabbitBroker.create();
        worker = AppProcess.worker("restart-worker", args("--mediaqueue.worker.demo.duration=0ms"));
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aRestartedGatewayAnswersTheFullStatusOfJobsThatFinishedBeforeIt() {
        Map<String, JsonNode> before = new LinkedHashMap<>();
        try (AppProcess first = AppProcess.gateway("gateway-first", args()).awaitReady(Duration.ofSeconds(180))) {
            worker.awaitReady(Duration.ofSeconds(180));
            GatewayClient client = new GatewayClient(first.baseUrl());
            List<String> ids = new ArrayList<>();
            for (String type : List.of("image", "audio", "video", "image")) {
                ids.add(client.startAccepted(JobPathIT.job(type, "restart " + type)));
            }
            for (String id : ids) {
                await().atMost(Duration.ofSeconds(60)).until(() -> "completed".equals(client.statusOf(id).get("status").asString()));
                before.put(id, client.statusOf(id));
            }
        }

        try (AppProcess second = AppProcess.gateway("gateway-second", args()).awaitReady(Duration.ofSeconds(180))) {
            GatewayClient client = new GatewayClient(second.baseUrl());
            before.forEach((id, status) -> assertThat(client.statusOf(id)).as("status of %s after restart", id).isEqualTo(status));
            assertThat(client.status("6f0c8a8e-0000-4000-8000-000000000000").statusCode()).isEqualTo(404);
        }
    }

    private static List<String> args(String... more) {
        List<String> args = new ArrayList<>(broker.commandLineArguments());
        args.add("--mediaqueue.results.dir=" + results.toAbsolutePath());
        // the result URLs in a status are signed: the same status after a restart needs the same secret, and
        // a validity period whose turn (which changes the URLs) does not fall between the two gateways
        args.add("--mediaqueue.security.url-signing-secret=a-secret-every-gateway-of-this-test-shares");
        args.add("--mediaqueue.security.signed-url-validity=3650d");
        args.addAll(List.of(more));
        return args;
    }
}
