package dev.mediaqueue.worker.job;

import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Topology;
import dev.mediaqueue.worker.cancel.CancellationTokens;
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
 * <p>Stopping cancels the consumers at once and lets running jobs finish for up to
 * {@code mediaqueue.worker.shutdown-grace}. A job still running then is stopped with
 * {@link dev.mediaqueue.worker.generator.CancellationSignal.Reason#SHUTDOWN} and handed back to the queue
 * as its next attempt ({@link NextAttempts#handBack}); the channels stay open for that hand-back (two
 * confirmed publishes and an ack) and are closed only if it does not happen either, in which case the
 * broker gives the unacknowledged message to another worker. {@link #stop()} blocks for all that time on
 * purpose: Spring's {@code spring.lifecycle.timeout-per-shutdown-phase} only bounds asynchronous stops,
 * so grace periods far longer than that phase timeout (deploy/ uses up to 32 min) are honoured.
 *
 * <p>{@link #pause()} stops the consumers the same way while the generator's backend is unavailable, so
 * jobs wait in the queue instead of failing; {@link #resume()} starts them again. A worker paused before
 * it started begins consuming only when resumed.
 */
@Component
class JobListenerContainers implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(JobListenerContainers.class);

    private final List<SimpleMessageListenerContainer> containers;
    private final CancellationTokens cancellations;
    private final Duration shutdownGrace;
    private final Duration handBackTime;
    private volatile boolean running;
    private volatile boolean paused;

    JobListenerContainers(ConnectionFactory connectionFactory, JobListener listener, WorkerProperties worker,
                          CancellationTokens cancellations) {
        this.cancellations = cancellations;
        this.shutdownGrace = worker.shutdownGrace();
        this.handBackTime = handBackTime(worker);
        this.containers = worker.mediaTypes().stream().distinct()
                .map(type -> container(connectionFactory, listener, type, worker, shutdownGrace.plus(handBackTime)))
                .toList();
    }

    /** How long a job stopped by a shutdown may take to be handed back: two confirmed publishes and some slack. */
    private static Duration handBackTime(WorkerProperties worker) {
        return worker.confirmTimeout().multipliedBy(2).plusSeconds(5);
    }

    private static SimpleMessageListenerContainer container(ConnectionFactory connectionFactory,
                                                            JobListener listener, MediaType type,
                                                            WorkerProperties worker, Duration shutdownTimeout) {
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
        container.setQueueNames(Topology.jobQueue(type));
        container.setConcurrentConsumers(1);
        container.setMaxConcurrentConsumers(1);
        container.setPrefetchCount(1);
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setMessageListener(listener);
        // after this the container closes the channel and the broker requeues a job still held
        container.setShutdownTimeout(shutdownTimeout.toMillis());
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
            stopContainers(cancellations::shutDown);
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
            // unlike a shutdown, the worker takes jobs again after resume(): hand back without refusing later jobs
            stopContainers(cancellations::handBackRunning);
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

    private void stopContainers(java.util.function.IntSupplier handBackRunningJobs) {
        CountDownLatch stopped = new CountDownLatch(containers.size());
        containers.forEach(container -> container.stop(stopped::countDown));
        log.info("Stopped taking jobs; running jobs may finish within {}", shutdownGrace);
        try {
            if (stopped.await(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            int handedBack = handBackRunningJobs.getAsInt();
            log.warn("The shutdown grace of {} is over: handing {} running job(s) back to the queue",
                    shutdownGrace, handedBack);
            if (!stopped.await(handBackTime.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Job consumers did not stop within {} after the grace", handBackTime);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Whether each job queue's consumer runs, for the readiness check. */
    List<ConsumerState> consumerStates() {
        return containers.stream()
                .map(c -> new ConsumerState(String.join(",", c.getQueueNames()),
                        running && c.isRunning() && c.getActiveConsumerCount() > 0))
                .toList();
    }

    /** Whether the consumer of {@code queue} is subscribed and taking jobs. */
    record ConsumerState(String queue, boolean consuming) {
    }

    @Override
    public void destroy() {
        containers.forEach(SimpleMessageListenerContainer::destroy);
    }
}
