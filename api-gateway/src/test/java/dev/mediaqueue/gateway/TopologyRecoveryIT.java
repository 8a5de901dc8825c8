package dev.mediaqueue.gateway;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A broker that lost its definitions gets them back when the gateway reconnects, without a restart. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class TopologyRecoveryIT {

    @RegisterExtension
    static final GatewayTestBed bed = new GatewayTestBed();

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        bed.register(registry);
    }

    @Autowired
    CachingConnectionFactory connectionFactory;

    @Test
    void topologyIsDeclaredAgainOnReconnect() throws Exception {
        String queue = Topology.jobQueue(MediaType.AUDIO);
        try (Connection connection = bed.broker().newConnection()) {
            try (Channel channel = connection.createChannel()) {
                channel.queueDelete(queue);
            }
            assertThatThrownBy(() -> passiveDeclare(connection, queue)).isInstanceOf(IOException.class);

            connectionFactory.resetConnection();

            // the status listener reconnects on its own, and the declaration comes with the new connection
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .untilAsserted(() -> passiveDeclare(connection, queue));
        }
    }

    private static void passiveDeclare(Connection connection, String queue) throws Exception {
        try (Channel channel = connection.createChannel()) {
            channel.queueDeclarePassive(queue);
        }
    }
}
