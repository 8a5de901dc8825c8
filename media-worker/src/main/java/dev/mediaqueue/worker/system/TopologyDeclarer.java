package dev.mediaqueue.worker.system;

import com.rabbitmq.client.Channel;
import dev.mediaqueue.model.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpIOException;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionListener;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Declares the whole topology each time a broker connection is opened: at start, before the job
 * consumers subscribe, and again after a reconnect to a broker that lost it.
 */
final class TopologyDeclarer implements ConnectionListener {

    private static final Logger log = LoggerFactory.getLogger(TopologyDeclarer.class);

    private final Topology.Settings settings;

    TopologyDeclarer(Topology.Settings settings) {
        this.settings = settings;
    }

    @Override
    public void onCreate(Connection connection) {
        try (Channel channel = connection.createChannel(false)) {
            Topology.declare(channel, settings);
            log.info("Declared the broker topology ({})", settings);
        } catch (IOException | TimeoutException e) {
            // different arguments than an earlier declaration (PRECONDITION_FAILED) land here: say so loudly
            log.error("Cannot declare the broker topology with {}: {}", settings, e.toString());
            throw new AmqpIOException(e instanceof IOException io ? io : new IOException(e));
        }
    }
}
