package dev.mediaqueue.gateway.position;

import dev.mediaqueue.model.MediaType;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;

/** Queue positions and ETAs for slice tests of other packages, without the broker and the timer. */
@TestConfiguration(proxyBeanMethods = false)
@Import({QueueIndex.class, RunTimes.class, ConsumerCounts.class, QueueEstimates.class})
public class PositionSliceBeans {

    /** Sets the consumers of a job queue as if just read from the broker. */
    public static void consumers(ApplicationContext context, MediaType type, int consumers) {
        context.getBean(ConsumerCounts.class).update(type, consumers);
    }
}
