package dev.mediaqueue.worker.job;

import com.rabbitmq.client.Channel;
import dev.mediaqueue.worker.system.ConfirmedSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import org.springframework.stereotype.Component;

/**
 * Consumes job messages and hands each delivery to the {@link JobRunner}.
 *
 * <p>With manual acknowledgement and prefetch 1, a delivery left unsettled would stop the consumer for
 * good, so whatever happens in the runner the delivery is settled: given back to the queue if the
 * runner did not settle it.
 *
 * <p>The attempt's publishes from this thread share one channel ({@link ConfirmedSender#onOneChannel}),
 * so its events reach the status stream in the order they were made.
 */
@Component
class JobListener implements ChannelAwareMessageListener {

    private static final Logger log = LoggerFactory.getLogger(JobListener.class);

    private final JobRunner runner;
    private final ConfirmedSender sender;

    JobListener(JobRunner runner, ConfirmedSender sender) {
        this.runner = runner;
        this.sender = sender;
    }

    @Override
    public void onMessage(Message message, Channel channel) {
        JobDelivery delivery = new AmqpJobDelivery(message, channel, sender);
        try {
            sender.onOneChannel(() -> runner.run(delivery));
        } catch (RuntimeException e) {
            log.error("Unexpected failure while handling a job message; giving it back to the queue", e);
        } finally {
            if (!delivery.isSettled()) {
                delivery.requeue();
            }
        }
    }
}
