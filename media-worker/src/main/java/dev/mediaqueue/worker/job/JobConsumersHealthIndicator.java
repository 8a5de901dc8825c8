package dev.mediaqueue.worker.job;

import org.jspecify.annotations.Nullable;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * {@code jobConsumers}: up only while the broker connection is open and every configured job queue has
 * a running consumer. Part of the readiness group, so a worker that cannot take jobs says so.
 */
@Component
class JobConsumersHealthIndicator implements HealthIndicator, ConnectionListener {

    private final JobListenerContainers containers;
    private volatile @Nullable Connection connection;

    JobConsumersHealthIndicator(JobListenerContainers containers, ConnectionFactory connectionFactory) {
        this.containers = containers;
        // told at once about a connection that is already open
        connectionFactory.addConnectionListener(this);
    }

    @Override
    public void onCreate(Connection connection) {
        this.connection = connection;
    }

    @Override
    public Health health() {
        Connection current = connection;
        boolean connected = current != null && current.isOpen();
        List<JobListenerContainers.ConsumerState> consumers = containers.consumerStates();
        boolean consuming = consumers.stream().allMatch(JobListenerContainers.ConsumerState::consuming);
        Health.Builder health = connected && consuming ? Health.up() : Health.down();
        health.withDetail("connection", connected ? "open" : "closed");
        consumers.forEach(c -> health.withDetail(c.queue(), c.consuming() ? "consuming" : "not consuming"));
        return health.build();
    }
}
