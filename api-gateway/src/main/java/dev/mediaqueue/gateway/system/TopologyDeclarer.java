package dev.mediaqueue.gateway.system;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import dev.mediaqueue.model.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Declares the shared topology whenever a connection to the broker is made: at start-up and after
 * every reconnect, so a broker that lost its definitions gets them back without a restart.
 *
 * <p>A topology that exists with other arguments (PRECONDITION_FAILED) fails the start-up: the
 * gateway would otherwise run against queues that behave unlike its settings. A broker that cannot
 * be reached at start-up does not: the gateway starts, reports not ready, and declares on connect.
 */
@EnableConfigurationProperties(TopologyProperties.class)
@Component
class TopologyDeclarer implements ConnectionListener, SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(TopologyDeclarer.class);

    private final CachingConnectionFactory connectionFactory;
    private final Topology.Settings settings;
    private volatile String mismatch;

    TopologyDeclarer(CachingConnectionFactory connectionFactory, TopologyProperties properties) {
        this.connectionFactory = connectionFactory;
        this.settings = properties.settings();
    }

    @Override
    public void afterSingletonsInstantiated() {
        // runs before any listener container starts, so the stream exists when the replay begins
        connectionFactory.addConnectionListener(this);
        try {
            connectionFactory.createConnection();
        } catch (AmqpException e) {
            log.warn("RabbitMQ is not reachable at start-up ({}); the topology is declared once it is", e.getMessage());
            return;
        }
        if (mismatch != null) {
            throw new IllegalStateException("The RabbitMQ topology exists with other arguments than this gateway's "
                    + "mediaqueue.topology settings (" + settings + "): " + mismatch
                    + ". Align the settings of gateway and workers, or delete the queue so it is declared anew.");
        }
    }

    @Override
    public void onCreate(Connection connection) {
        Channel channel = null;
        try {
            // a bare channel: a failed declaration closes it, which must not touch the cached publisher channels
            channel = connection.getDelegate().createChannel();
            Topology.declare(channel, settings);
            mismatch = null;
            log.info("Declared the RabbitMQ topology ({})", settings);
        } catch (IOException | RuntimeException e) {
            String preconditionFailure = preconditionFailure(e);
            if (preconditionFailure != null) {
                mismatch = preconditionFailure;
                log.error("The RabbitMQ topology does not match this gateway's settings: {}", preconditionFailure);
            } else {
                log.warn("Could not declare the RabbitMQ topology: {}", e.toString());
            }
        } finally {
            closeQuietly(channel);
        }
    }

    private static String preconditionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException signal && signal.getReason() instanceof AMQP.Channel.Close close
                    && close.getReplyCode() == AMQP.PRECONDITION_FAILED) {
                return close.getReplyText();
            }
        }
        return null;
    }

    private static void closeQuietly(Channel channel) {
        if (channel == null || !channel.isOpen()) {
            return;
        }
        try {
            channel.close();
        } catch (IOException | TimeoutException | RuntimeException e) {
            log.debug("Closing the declaration channel failed", e);
        }
    }
}
