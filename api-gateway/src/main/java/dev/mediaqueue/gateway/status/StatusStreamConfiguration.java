package dev.mediaqueue.gateway.status;

import dev.mediaqueue.model.Topology;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Map;

@Configuration(proxyBeanMethods = false)
class StatusStreamConfiguration {

    @Bean
    SimpleMessageListenerContainer statusStreamContainer(ConnectionFactory connectionFactory,
            StatusStreamListener listener, StatusProperties properties, StatusReplay replay) {
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
        container.setQueueNames(Topology.STATUS_STREAM);
        // every gateway reads the whole history: the stream is the only store of job statuses
        container.setConsumerArguments(Map.of("x-stream-offset", "first"));
        // streams refuse consumers without a prefetch and need acks as credit (no auto-ack)
        container.setPrefetchCount(properties.prefetch());
        container.setAcknowledgeMode(AcknowledgeMode.AUTO);
        // ack in batches: one ack per message would slow the replay; listener calls are not delayed
        container.setBatchSize(Math.max(1, properties.prefetch() / 10));
        container.setDefaultRequeueRejected(false);
        // the topology may only be declared once the broker is reachable; keep trying instead of failing
        container.setMissingQueuesFatal(false);
        container.setConsumerTagStrategy(queue -> "gateway-" + replay.instanceId());
        container.setShutdownTimeout(1000);
        container.setMessageListener(listener);
        return container;
    }
}
