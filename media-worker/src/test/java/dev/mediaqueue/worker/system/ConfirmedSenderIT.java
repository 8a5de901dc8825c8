package dev.mediaqueue.worker.system;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.mediaqueue.testing.RabbitBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Confirmed publishing against the real broker: order within an attempt, and a channel lost meanwhile. */
class ConfirmedSenderIT {

    private static final String EXCHANGE = "sender-test";
    private static final String QUEUE = "sender-test.messages";

    private final RabbitBroker broker = RabbitBroker.create();
    private final CachingConnectionFactory connectionFactory = new CachingConnectionFactory(broker.connectionFactory());
    private final RabbitTemplate attemptTemplate;
    private final ConfirmedSender sender;

    ConfirmedSenderIT() throws Exception {
        connectionFactory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        connectionFactory.setPublisherReturns(true);
        try (Connection connection = broker.newConnection(); Channel channel = connection.createChannel()) {
            channel.exchangeDeclare(EXCHANGE, "direct");
            channel.queueDeclare(QUEUE, false, false, false, null);
            channel.queueBind(QUEUE, EXCHANGE, "k");
        }
        attemptTemplate = template();
        sender = new ConfirmedSender(attemptTemplate, template(), Duration.ofSeconds(10));
    }

    private RabbitTemplate template() {
        RabbitTemplate template = new RabbitTemplate(connectionFactory);
        template.setMandatory(true);
        return template;
    }

    @AfterEach
    void close() {
        connectionFactory.destroy();
        broker.close();
    }

    @Test
    void anAttemptsPublishesShareOneChannelAlthoughTheCacheHandsOutManyInTurn() throws Exception {
        cacheChannels(8);
        List<CompletableFuture<Void>> confirms = new ArrayList<>();
        List<Integer> channels = new ArrayList<>();

        sender.onOneChannel(() -> IntStream.range(0, 100).forEach(i -> {
            confirms.add(sender.send(EXCHANGE, "k", body(i)));
            channels.add(attemptTemplate.execute(Channel::getChannelNumber));
        }));

        assertThat(channels).hasSize(100).containsOnly(channels.get(0));
        for (CompletableFuture<Void> confirm : confirms) {
            sender.await(confirm);
        }
        assertThat(received(100)).containsExactlyElementsOf(IntStream.range(0, 100).mapToObj(String::valueOf).toList());
        // outside an attempt the cache hands its channels out in turn, which is what let events overtake
        assertThat(attemptTemplate.execute(Channel::getChannelNumber)).isNotEqualTo(attemptTemplate.execute(Channel::getChannelNumber));
    }

    @Test
    void whenTheAttemptsChannelClosesLaterPublishesGoOutOnAnotherChannel() throws Exception {
        List<String> sent = new ArrayList<>();
        sender.onOneChannel(() -> {
            try {
                sender.sendAndWait(EXCHANGE, "k", body(1));
                sent.add("1");
                // the broker closes a channel that publishes to an exchange it does not have
                assertThatThrownBy(() -> sender.sendAndWait("no-such-exchange", "k", body(2)))
                        .isInstanceOf(PublishFailedException.class);
                sender.sendAndWait(EXCHANGE, "k", body(3));
                sent.add("3");
            } catch (PublishFailedException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(sent).containsExactly("1", "3");
        assertThat(received(2)).containsExactly("1", "3");
    }

    @Test
    void outsideAnAttemptAPublishThatCannotGoOutFailsAtOnce() {
        connectionFactory.destroy();
        connectionFactory.setAddresses("127.0.0.1:1");

        assertThat(sender.send(EXCHANGE, "k", body(1))).isCompletedExceptionally();
    }

    /** Makes the cache hold {@code count} channels, as a worker's cache does after concurrent publishes. */
    private void cacheChannels(int count) throws Exception {
        org.springframework.amqp.rabbit.connection.Connection connection = connectionFactory.createConnection();
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            channels.add(connection.createChannel(false));
        }
        for (Channel channel : channels) {
            channel.close();
        }
    }

    private static Message body(int i) {
        return MessageBuilder.withBody(String.valueOf(i).getBytes(StandardCharsets.UTF_8)).build();
    }

    private List<String> received(int count) throws Exception {
        List<String> bodies = new ArrayList<>();
        try (Connection connection = broker.newConnection(); Channel channel = connection.createChannel()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (bodies.size() < count && System.nanoTime() < deadline) {
                GetResponse response = channel.basicGet(QUEUE, true);
                if (response == null) {
                    Thread.sleep(20);
                } else {
                    bodies.add(new String(response.getBody(), StandardCharsets.UTF_8));
                }
            }
        }
        return bodies;
    }
}
