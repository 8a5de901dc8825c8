package dev.mediaqueue.gateway.position;

import dev.mediaqueue.model.MediaType;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The workers consuming each job queue, as last read from the broker; unknown until read. */
@Component
class ConsumerCounts {

    private final Map<MediaType, Integer> counts = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();

    /** The consumers on the job queue of {@code type}, or null when not known. */
    Integer consumers(MediaType type) {
        return counts.get(type);
    }

    /** Grows whenever a count changed. */
    long version() {
        return version.get();
    }

    /** Records a count just read, or null when it could not be read. */
    void update(MediaType type, Integer consumers) {
        Integer old = consumers == null ? counts.remove(type) : counts.put(type, consumers);
        if (old == null ? consumers != null : !old.equals(consumers)) {
            version.incrementAndGet();
        }
    }
}
