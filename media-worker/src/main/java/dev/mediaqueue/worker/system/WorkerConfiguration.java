package dev.mediaqueue.worker.system;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.amqp.autoconfigure.RabbitTemplateConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The worker's infrastructure beans: clock, topology declaration, confirmed publishing. */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    TopologyDeclarer topologyDeclarer(CachingConnectionFactory connectionFactory, TopologyProperties topology) {
        TopologyDeclarer declarer = new TopologyDeclarer(topology.toSettings());
        connectionFactory.addConnectionListener(declarer);
        return declarer;
    }

    @Bean
    ConfirmedSender confirmedSender(RabbitTemplate template, RabbitTemplateConfigurer configurer, WorkerProperties worker) {
        // without correlated confirms no publish would ever count, and every job would go back to the queue
        if (!template.getConnectionFactory().isPublisherConfirms()) {
            throw new IllegalStateException("the worker needs spring.rabbitmq.publisher-confirm-type=correlated");
        }
        RabbitTemplate unbound = new RabbitTemplate();
        configurer.configure(unbound, template.getConnectionFactory());
        return new ConfirmedSender(template, unbound, worker.confirmTimeout());
    }
}
