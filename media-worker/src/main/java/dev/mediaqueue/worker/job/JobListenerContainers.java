package dev.mediaqueue.worker.job;

import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Topology;
import dev.mediaqueue.worker.system.WorkerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One consumer per configured media type on {@code media.jobs.<type>}: a single consumer thread,
 * prefetch 1 and manual acknowledgement, so a worker runs at most one job per media type at a time and
 * the broker's priority order decides which job comes next.
 *
 * <p>Stopping cancels the consumers and lets running jobs finish for up to
 * {@code mediaqueue.worker.shutdown-grace}; a job still running then is given back to the queue when
 * its channel closes.
 *
 * <p>{@link #pause()} stops the consumers the same way while the generator's backend is unavailable, so
 * jobs wait in the queue instead of failing; {@link #resume()} starts them again. A worker paused before
 * it started begins consuming only when resumed.
 */
@Component
class JobListenerContainers implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(JobListenerContainers.class);

    private final List<SimpleMessageListenerContainer> containers;
    private final Duration shutdownGrace;
    private volatile boolean running;
    private volatile boolean paused;

    JobListenerContainers(ConnectionFactory connectionFactory, JobListener listener, WorkerProperties worker) {
        this.shutdownGrace = worker.shutdownGrace();
        this.containers = worker.mediaTypes().stream().distinct()
                .map(type -> container(connectionFactory, listener, type, worker))
                .toList();
    }

    private static SimpleMessageListenerContainer container(ConnectionFactory connectionFactory,
                                                            JobListener listener, MediaType type,
                                                            WorkerProperties worker) {
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
        container.setQueueNames(Topology.jobQueue(type));
        container.setConcurrentConsumers(1);
        container.setMaxConcurrentConsumers(1);
        container.setPrefetchCount(1);
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setMessageListener(listener);
        container.setShutdownTimeout(worker.shutdownGrace().toMillis());
        container.setConsumerTagStrategy(queue -> worker.id() + "/" + queue);
        container.setListenerId(Topology.jobQueue(type));
        container.setBeanName("jobs-" + type.wireName());
        return container;
    }

    @Override
    public synchronized void start() {
        running = true;
        if (paused) {
            log.info("Not consuming yet: the generator's backend is unavailable");
            return;
        }
        startContainers();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (!paused) {
            stopContainers();
        }
    }

    /** Stops taking jobs until {@link #resume()}; a running job may finish within the shutdown grace. */
    synchronized void pause() {
        if (paused) {
            return;
        }
        paused = true;
        if (running) {
            log.warn("Pausing the job consumers: the generator's backend is unavailable");
            stopContainers();
        }
    }

    /** Takes jobs again after {@link #pause()}. */
    synchronized void resume() {
        if (!paused) {
            return;
        }
        paused = false;
        if (running) {
            startContainers();
        }
    }

    boolean isPaused() {
        return paused;
    }

    private void startContainers() {
        containers.forEach(SimpleMessageListenerContainer::start);
        log.info("Consuming {}", containers.stream().map(c -> String.join(",", c.getQueueNames())).toList());
    }

    private void stopContainers() {
        CountDownLatch stopped = new CountDownLatch(containers.size());
        containers.forEach(container -> container.stop(stopped::countDown));
        try {
            if (!stopped.await(shutdownGrace.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Job consumers did not stop within {}", shutdownGrace);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void destroy() {
        containers.forEach(SimpleMessageListenerContainer::destroy);
    }
}
