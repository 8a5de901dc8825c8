package dev.mediaqueue.bench.scenario;

import dev.mediaqueue.bench.broker.StatusHistories;
import dev.mediaqueue.bench.broker.StreamLoader;
import dev.mediaqueue.bench.broker.Vhost;
import dev.mediaqueue.bench.load.GatewayApi;
import dev.mediaqueue.model.StatusEvent;

import com.rabbitmq.client.Connection;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Fills status streams with finished jobs and waits until a gateway shows them. */
final class Jobs {

    private Jobs() {
    }

    /** Random job ids. */
    static List<UUID> ids(int count) {
        List<UUID> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(UUID.randomUUID());
        }
        return ids;
    }

    /** Publishes the whole history of each job ({@code queued}, {@code running}, progress, {@code completed}). */
    static Duration publishHistories(Vhost vhost, List<UUID> ids, int progressEvents) throws IOException, InterruptedException {
        return publish(vhost, new Iterator<>() {
            private final Iterator<UUID> jobs = ids.iterator();
            private Iterator<StatusEvent> current = List.<StatusEvent>of().iterator();

            @Override
            public boolean hasNext() {
                return current.hasNext() || jobs.hasNext();
            }

            @Override
            public StatusEvent next() {
                if (!current.hasNext()) {
                    if (!jobs.hasNext()) {
                        throw new NoSuchElementException();
                    }
                    current = StatusHistories.completedJob(jobs.next(), Instant.now(), progressEvents).iterator();
                }
                return current.next();
            }
        });
    }

    /** Publishes only the terminal event of each job. */
    static Duration publishCompleted(Vhost vhost, List<UUID> ids) throws IOException, InterruptedException {
        Instant now = Instant.now();
        return publish(vhost, ids.stream().map(id -> StatusHistories.completedEvent(id, now)).iterator());
    }

    private static Duration publish(Vhost vhost, Iterator<StatusEvent> events) throws IOException, InterruptedException {
        try (Connection connection = vhost.connect("bench-loader")) {
            return StreamLoader.publish(connection, events, 1000);
        }
    }

    /** Starts {@code count} jobs with 4 concurrent clients; answers their ids. */
    static List<UUID> start(GatewayApi api, String mediaType, Map<String, Object> params, int count)
            throws InterruptedException {
        List<UUID> ids = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger left = new AtomicInteger(count);
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread client = new Thread(() -> {
                while (left.getAndDecrement() > 0 && failure.get() == null) {
                    try {
                        ids.add(api.start(mediaType, params)
                                .orElseThrow(() -> new IllegalStateException("the gateway did not accept a job")));
                    } catch (Exception e) {
                        failure.set(e);
                    }
                }
            }, "job-starter-" + i);
            client.setDaemon(true);
            client.start();
            clients.add(client);
        }
        for (Thread client : clients) {
            client.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("starting jobs failed: " + failure.get().getMessage(), failure.get());
        }
        return List.copyOf(ids);
    }

    /** Waits until the gateway answers 200 for every id; answers each job's ETag. */
    static Map<UUID, String> awaitVisible(GatewayApi api, List<UUID> ids, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<UUID, String> etags = new LinkedHashMap<>();
        for (UUID id : ids) {
            while (true) {
                GatewayApi.Answer answer = api.status(id, null);
                if (answer.code() == 200) {
                    etags.put(id, answer.status().etag());
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("job " + id + " did not show up within " + timeout + " (" + answer.code() + ")");
                }
                Thread.sleep(50);
            }
        }
        return etags;
    }

    /** Waits until the gateway answers with a terminal status for every id; answers the statuses. */
    static List<GatewayApi.Status> awaitTerminal(GatewayApi api, List<UUID> ids, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<GatewayApi.Status> statuses = new ArrayList<>();
        for (UUID id : ids) {
            while (true) {
                GatewayApi.Answer answer = api.status(id, null);
                if (answer.code() == 200 && answer.status().isTerminal()) {
                    statuses.add(answer.status());
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("job " + id + " did not end within " + timeout);
                }
                Thread.sleep(100);
            }
        }
        return statuses;
    }
}
