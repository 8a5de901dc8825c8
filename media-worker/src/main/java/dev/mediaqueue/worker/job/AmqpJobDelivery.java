package dev.mediaqueue.worker.job;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownListener;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Topology;
import dev.mediaqueue.worker.system.ConfirmedSender;
import dev.mediaqueue.worker.system.PublishFailedException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** A job message delivered on a consumer channel with manual acknowledgement. */
final class AmqpJobDelivery implements JobDelivery {

    private static final Logger log = LoggerFactory.getLogger(AmqpJobDelivery.class);

    private final Message message;
    private final Channel channel;
    private final ConfirmedSender sender;
    private boolean settled;
    private volatile boolean lost;

    AmqpJobDelivery(Message message, Channel channel, ConfirmedSender sender) {
        this.message = message;
        this.channel = channel;
        this.sender = sender;
    }

    @Override
    public byte[] body() {
        return message.getBody();
    }

    @Override
    public boolean isRedelivered() {
        return Boolean.TRUE.equals(properties().getRedelivered());
    }

    @Override
    public Optional<MediaType> queueMediaType() {
        String queue = properties().getConsumerQueue();
        return Arrays.stream(MediaType.values()).filter(type -> Topology.jobQueue(type).equals(queue)).findFirst();
    }

    @Override
    public int attemptHeader() {
        return attemptFrom(properties().getHeader(Topology.ATTEMPT_HEADER));
    }

    /** The attempt in a header value: a positive number, or a text holding one; anything else counts as 1. */
    static int attemptFrom(@Nullable Object header) {
        int attempt = 1;
        if (header instanceof Number number) {
            attempt = number.intValue();
        } else if (header != null) {
            try {
                attempt = Integer.parseInt(header.toString().trim());
            } catch (NumberFormatException e) {
                return 1;
            }
        }
        return Math.max(1, attempt);
    }

    @Override
    public void republish(MediaType type, int attempt) throws PublishFailedException {
        MessageProperties received = properties();
        MessageDeliveryMode mode = received.getReceivedDeliveryMode() != null
                ? received.getReceivedDeliveryMode() : MessageDeliveryMode.PERSISTENT;
        Message copy = MessageBuilder.fromClonedMessage(message)
                .setDeliveryMode(mode)
                .setHeader(Topology.ATTEMPT_HEADER, attempt)
                .build();
        sender.sendAndWait(Topology.JOBS_EXCHANGE, type.wireName(), copy);
    }

    @Override
    public void ack() {
        settle("acknowledge", () -> channel.basicAck(deliveryTag(), false));
    }

    @Override
    public void deadLetter() {
        settle("dead-letter", () -> channel.basicReject(deliveryTag(), false));
    }

    @Override
    public void requeue() {
        settle("requeue", () -> channel.basicNack(deliveryTag(), false, true));
    }

    @Override
    public boolean isSettled() {
        return settled;
    }

    @Override
    public Watch whenLost(Runnable callback) {
        AtomicBoolean ran = new AtomicBoolean();
        Runnable once = () -> {
            if (ran.compareAndSet(false, true)) {
                callback.run();
            }
        };
        ShutdownListener listener = cause -> {
            lost = true;
            once.run();
        };
        try {
            channel.addShutdownListener(listener);
        } catch (RuntimeException e) {
            // Spring's channel proxy refuses calls once the channel is closed
            listener.shutdownCompleted(null);
            return () -> { };
        }
        if (!channel.isOpen()) {
            // closed before the listener was added
            listener.shutdownCompleted(null);
        }
        return () -> {
            if (lost) {
                // touching a closed channel's proxy again may open a new channel for nothing
                return;
            }
            try {
                channel.removeShutdownListener(listener);
            } catch (RuntimeException e) {
                // closed meanwhile: a closed channel calls no listener any more
            }
        };
    }

    private void settle(String what, ChannelAction action) {
        settled = true;
        if (lost || !channel.isOpen()) {
            log.info("Cannot {} the job message: its channel is closed, so the broker hands it out again", what);
            return;
        }
        try {
            action.run();
        } catch (IOException | RuntimeException e) {
            // the channel is gone: the broker gives the message to another consumer, which counts the attempt
            log.warn("Could not {} the job message: {}", what, e.toString());
        }
    }

    private long deliveryTag() {
        return properties().getDeliveryTag();
    }

    private MessageProperties properties() {
        return message.getMessageProperties();
    }

    @FunctionalInterface
    private interface ChannelAction {
        void run() throws IOException;
    }
}
