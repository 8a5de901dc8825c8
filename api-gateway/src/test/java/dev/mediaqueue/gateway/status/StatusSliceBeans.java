package dev.mediaqueue.gateway.status;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;

/** The status store's beans for slice tests of other packages, without the stream listener. */
@TestConfiguration(proxyBeanMethods = false)
@Import({StatusCache.class, StatusReplay.class, PollAdvice.class, JobLookup.class})
public class StatusSliceBeans {

    /** Makes the context's gateway behave as if its replay had caught up. */
    public static void replayCaughtUp(ApplicationContext context) {
        StatusReplay replay = context.getBean(StatusReplay.class);
        replay.markerSeen(replay.instanceId());
    }
}
