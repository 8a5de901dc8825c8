package dev.mediaqueue.gateway;

import dev.mediaqueue.model.Topology;
import dev.mediaqueue.testing.RabbitBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopologyMismatchIT {

    static final RabbitBroker broker = RabbitBroker.create();

    @AfterAll
    static void closeBroker() {
        broker.close();
    }

    @Test
    void gatewayRefusesToStartAgainstQueuesDeclaredWithOtherArguments() throws Exception {
        try (BrokerProbe probe = new BrokerProbe(broker)) {
            probe.declareTopology(new Topology.Settings(500, Duration.ofHours(24), 1_048_576));
        }

        List<String> args = new ArrayList<>(broker.commandLineArguments());
        args.add("--server.port=0");

        assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class)
                .run(args.toArray(String[]::new)).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mediaqueue.topology")
                .hasMessageContaining("inequivalent arg 'x-max-length' for queue 'media.jobs.image'");
    }
}
