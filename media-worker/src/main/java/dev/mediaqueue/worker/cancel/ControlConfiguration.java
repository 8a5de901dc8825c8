package dev.mediaqueue.worker.cancel;

import dev.mediaqueue.model.Topology;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.AnonymousQueue;
import org.springframework.amqp.core.Base64UrlNamingStrategy;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Map;

/**
 * Each worker's own queue on {@code media.control}: exclusive, auto-delete and classic (stated
 * explicitly, so a broker whose default queue type is quorum still accepts it), under a unique name
 * chosen by the client. The {@link AmqpAdmin} declares it, with its binding, on every new connection,
 * so it comes back under the same name after the broker or the connection was lost; commands sent while
 * the worker was disconnected are lost, which the gateways make up for by repeating a cancel when they
 * see the cancelled job still reported as running.
 */
@Configuration(proxyBeanMethods = false)
class ControlConfiguration {

    /** Starts before the job consumers and stops after them, so cancels reach jobs during the shutdown grace. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1000;

    @Bean
    FanoutExchange controlExchange() {
        // the same declaration as Topology.declare: whichever runs first on a new connection, the other agrees
        return new FanoutExchange(Topology.CONTROL_EXCHANGE, true, false);
    }

    @Bean
    AnonymousQueue controlQueue() {
        AnonymousQueue queue = new AnonymousQueue(new Base64UrlNamingStrategy("mediaqueue.control."),
                Map.of("x-queue-type", "classic"));
        // Spring adds x-queue-leader-locator, which RabbitMQ 3.x refuses for a classic queue (PRECONDITION_FAILED);
        // an exclusive queue lives on its connection's node anyway
        queue.setLeaderLocator(null);
        return queue;
    }

    @Bean
    Binding controlBinding(AnonymousQueue controlQueue, FanoutExchange controlExchange) {
        return BindingBuilder.bind(controlQueue).to(controlExchange);
    }

    @Bean
    SimpleMessageListenerContainer controlListenerContainer(ConnectionFactory connectionFactory, AmqpAdmin admin,
                                                            AnonymousQueue controlQueue, CancellationTokens tokens) {
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
        container.setQueues(controlQueue);
        container.setAmqpAdmin(admin);
        // the queue vanishes with its connection and is declared again on the next one: not fatal meanwhile
        container.setMissingQueuesFatal(false);
        // a lost command cannot be helped by a redelivery, so the broker need not wait for acks
        container.setAcknowledgeMode(AcknowledgeMode.NONE);
        container.setMessageListener(new ControlListener(tokens));
        container.setPhase(PHASE);
        container.setListenerId(Topology.CONTROL_EXCHANGE);
        return container;
    }
}
