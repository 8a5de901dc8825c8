package dev.mediaqueue.worker.job;

import dev.mediaqueue.model.MediaType;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

import static org.assertj.core.api.Assertions.assertThat;

class AmqpJobDeliveryTest {

    @Test
    void missingAttemptHeaderMeansTheFirstAttempt() {
        assertThat(AmqpJobDelivery.attemptFrom(null)).isEqualTo(1);
    }

    @Test
    void attemptHeaderIsReadFromAnyNumberOrNumericText() {
        assertThat(AmqpJobDelivery.attemptFrom(2)).isEqualTo(2);
        assertThat(AmqpJobDelivery.attemptFrom(3L)).isEqualTo(3);
        assertThat(AmqpJobDelivery.attemptFrom(" 4 ")).isEqualTo(4);
    }

    @Test
    void unusableAttemptHeaderCountsAsTheFirstAttempt() {
        assertThat(AmqpJobDelivery.attemptFrom("two")).isEqualTo(1);
        assertThat(AmqpJobDelivery.attemptFrom(0)).isEqualTo(1);
        assertThat(AmqpJobDelivery.attemptFrom(-5)).isEqualTo(1);
    }

    @Test
    void queueMediaTypeIsTheTypeOfTheJobQueueTheMessageCameFrom() {
        assertThat(deliveryFrom("media.jobs.video").queueMediaType()).contains(MediaType.VIDEO);
        assertThat(deliveryFrom("media.jobs.dead").queueMediaType()).isEmpty();
        assertThat(deliveryFrom(null).queueMediaType()).isEmpty();
    }

    private static AmqpJobDelivery deliveryFrom(String queue) {
        MessageProperties properties = new MessageProperties();
        properties.setConsumerQueue(queue);
        return new AmqpJobDelivery(new Message(new byte[0], properties), null, null);
    }
}
