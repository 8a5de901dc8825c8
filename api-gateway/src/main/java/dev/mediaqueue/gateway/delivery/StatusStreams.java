package dev.mediaqueue.gateway.delivery;

import dev.mediaqueue.gateway.status.StatusCache;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Server-sent event streams of job statuses: the current status on connect (unless the client's
 * {@code Last-Event-ID} names it), every change after it, a comment line every
 * {@code mediaqueue.delivery.sse-heartbeat}, closed after the terminal status or after
 * {@code mediaqueue.delivery.sse-max-duration} (the client then reconnects with {@code Last-Event-ID}).
 *
 * <p>Writes happen on a few threads of their own, one at a time per stream and always of the newest
 * status, so a slow client never holds up the status stream and never sees an older status after a
 * newer one.
 */
@EnableConfigurationProperties(DeliveryProperties.class)
@Component
class StatusStreams {

    private static final Logger log = LoggerFactory.getLogger(StatusStreams.class);

    private final StatusWaiters waiters;
    private final StatusCache cache;
    private final StatusViews views;
    private final DeliveryProperties properties;
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService writers;

    StatusStreams(StatusWaiters waiters, StatusCache cache, StatusViews views, DeliveryProperties properties) {
        this.waiters = waiters;
        this.cache = cache;
        this.views = views;
        this.properties = properties;
        AtomicInteger threads = new AtomicInteger();
        this.writers = Executors.newScheduledThreadPool(Math.max(1, properties.sseSendThreads()), runnable -> {
            Thread thread = new Thread(runnable, "sse-writer-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        long heartbeat = Math.max(100, properties.sseHeartbeat().toMillis());
        writers.scheduleAtFixedRate(this::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
    }

    /** Opens a stream of a job's statuses for a client that last saw {@code lastEventId} (or null). */
    SseEmitter open(UUID jobId, MediaType mediaType, String lastEventId) {
        SseEmitter emitter = new SseEmitter(properties.sseMaxDuration().toMillis());
        Stream stream = new Stream(jobId, mediaType, emitter, lastEventId);
        emitter.onCompletion(stream::closed);
        emitter.onTimeout(() -> {
            stream.closed();
            emitter.complete();
        });
        emitter.onError(error -> stream.closed());
        open.add(stream);
        waiters.add(jobId, stream);
        stream.jobMayHaveChanged();
        return emitter;
    }

    /** Streams open right now. */
    int size() {
        return open.size();
    }

    @PreDestroy
    void closeAll() {
        open.forEach(stream -> stream.emitter.complete());
        writers.shutdownNow();
    }

    private void heartbeat() {
        open.forEach(Stream::heartbeatDue);
    }

    private final class Stream implements StatusWaiters.Waiter {
        private final UUID jobId;
        private final MediaType mediaType;
        private final SseEmitter emitter;
        private final AtomicInteger pending = new AtomicInteger();
        private final AtomicBoolean heartbeatDue = new AtomicBoolean();
        private final AtomicBoolean closed = new AtomicBoolean();
        private String lastSentId;
        private boolean first = true;

        Stream(UUID jobId, MediaType mediaType, SseEmitter emitter, String lastEventId) {
            this.jobId = jobId;
            this.mediaType = mediaType;
            this.emitter = emitter;
            this.lastSentId = lastEventId;
        }

        @Override
        public MediaType mediaType() {
            return mediaType;
        }

        @Override
        public void jobMayHaveChanged() {
            schedule();
        }

        void heartbeatDue() {
            heartbeatDue.set(true);
            schedule();
        }

        void closed() {
            if (closed.compareAndSet(false, true)) {
                open.remove(this);
                waiters.remove(jobId, this);
            }
        }

        /** Runs {@link #write()} on a writer thread, never twice at once, once more for changes during a run. */
        private void schedule() {
            if (closed.get() || pending.getAndIncrement() > 0) {
                return;
            }
            try {
                writers.execute(this::drain);
            } catch (RejectedExecutionException shuttingDown) {
                closed();
            }
        }

        private void drain() {
            int missed = pending.get();
            while (true) {
                write();
                missed = pending.addAndGet(-missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        private void write() {
            if (closed.get()) {
                return;
            }
            try {
                StatusEvent event = cache.get(jobId).orElse(null);
                if (event == null) {
                    finish();
                    return;
                }
                TaggedStatus status = views.of(event);
                if (!status.eventId().equals(lastSentId)) {
                    SseEmitter.SseEventBuilder message = SseEmitter.event().id(status.eventId()).name("status")
                            .data(status.view(), org.springframework.http.MediaType.APPLICATION_JSON);
                    if (first) {
                        // how long EventSource waits before it reconnects a stream that was cut
                        message.reconnectTime(Math.max(1000, status.view().pollAfterMs()));
                    }
                    emitter.send(message);
                    lastSentId = status.eventId();
                    first = false;
                }
                if (heartbeatDue.getAndSet(false)) {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                }
                if (status.isTerminal()) {
                    finish();
                }
            } catch (IOException | IllegalStateException clientGone) {
                // the container reports the broken connection through onError/onCompletion as well
                log.debug("Event stream of job {} ended: {}", jobId, clientGone.toString());
                closed();
            }
        }

        private void finish() {
            closed();
            emitter.complete();
        }
    }
}
