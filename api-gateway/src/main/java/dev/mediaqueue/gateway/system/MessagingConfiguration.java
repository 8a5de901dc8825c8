package dev.mediaqueue.gateway.system;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.amqp.autoconfigure.RabbitTemplateConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@EnableConfigurationProperties(GatewayProperties.class)
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MessagingConfiguration.class);

    @Bean
    RabbitTemplate rabbitTemplate(RabbitTemplateConfigurer configurer, CachingConnectionFactory connectionFactory) {
        RabbitTemplate template = new RabbitTemplate();
        configurer.configure(template, connectionFactory);
        template.setMandatory(true);
        // returns are also recorded on the CorrelationData, where ConfirmedPublisher reads them
        template.setReturnsCallback(returned -> log.debug("Unroutable message returned: {}", returned));
        return template;
    }

    @Bean
    ConfirmedPublisher confirmedPublisher(RabbitTemplate rabbitTemplate, GatewayProperties properties,
                                          MeterRegistry meterRegistry) {
        return new ConfirmedPublisher(rabbitTemplate, properties.confirmTimeout(), meterRegistry);
    }
}
