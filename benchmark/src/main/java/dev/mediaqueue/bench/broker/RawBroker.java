package dev.mediaqueue.bench.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.mediaqueue.bench.load.Latencies;
import dev.mediaqueue.bench.load.LoadResult;
import dev.mediaqueue.bench.load.OpenLoop;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.model.Topology;
import dev.mediaqueue.model.WireFormat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What RabbitMQ itself does on this machine with the project's topology and the plain Java client:
 * the ceilings the apps' figures are compared with.
 */
public final class RawBroker {

    /** A job-message-sized body (a job message is 300–400 bytes of JSON). */
    private static final int BODY_BYTES = 384;
    private static final String QUEUE = Topology.jobQueue(MediaType.AUDIO);

    private final Connection connection;

    public RawBroker(Connection connection) {
        this.connection = connection;
    }

    /**
     * Publishes {@code count} persistent messages to a job queue with publisher confirms (up to 100
     * unconfirmed) while one consumer with {@code prefetch} takes and acks each; answers messages per
     * second from the first publish to the last ack, and how long it took.
     */
    public Throughput pipeline(int count, int prefetch, Duration timeout) throws IOException, InterruptedException {
        Channel consumerChannel = connection.createChannel();
        Channel publisherChannel = connection.createChannel();
        try {
            consumerChannel.queuePurge(QUEUE);
            consumerChannel.basicQos(prefetch);
            CountDownLatch consumed = new CountDownLatch(count);
            String tag = consumerChannel.basicConsume(QUEUE, false, new DefaultConsumer(consumerChannel) {
                @Override
                public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
                                           byte[] body) throws IOException {
                    getChannel().basicAck(envelope.getDeliveryTag(), false);
                    consumed.countDown();
                }
            });
            long start = System.nanoTime();
            publishConfirmed(publisherChannel, count, 100);
            boolean complete = consumed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long took = System.nanoTime() - start;
            consumerChannel.basicCancel(tag);
            long done = count - consumed.getCount();
            return new Throughput(done, Duration.ofNanos(took), complete);
        } finally {
            close(publisherChannel);
            close(consumerChannel);
        }
    }

    private static void publishConfirmed(Channel channel, int count, int window) throws IOException, InterruptedException {
        ConfirmWindow confirms = new ConfirmWindow(channel, window);
        AMQP.BasicProperties persistent = new AMQP.BasicProperties.Builder().deliveryMode(2).priority(2).build();
        byte[] body = new byte[BODY_BYTES];
        for (int i = 0; i < count; i++) {
            confirms.beforePublish();
            channel.basicPublish(Topology.JOBS_EXCHANGE, MediaType.AUDIO.wireName(), persistent, body);
        }
        confirms.awaitAll(Duration.ofSeconds(60));
    }

    /**
     * At {@code rate} per second, does what a job start does on the broker, with the plain client: a
     * confirmed publish of a {@code queued} event to {@code media.status} (into the stream), then a
     * confirmed publish of the job message to {@code media.jobs}; latency from the due time to the second
     * confirm.
     */
    public LoadResult submitLikeGateway(double rate, Duration warmup, Duration measure) throws IOException, InterruptedException {
        int channels = 32;
        BlockingQueue<Channel> pool = new ArrayBlockingQueue<>(channels);
        ExecutorService executor = Executors.newFixedThreadPool(channels, daemon("raw-submit"));
        try {
            for (int i = 0; i < channels; i++) {
                Channel channel = connection.createChannel();
                channel.confirmSelect();
                pool.add(channel);
            }
            byte[] job = new byte[BODY_BYTES];
            AMQP.BasicProperties persistent = new AMQP.BasicProperties.Builder().contentType("application/json")
                    .deliveryMode(2).priority(2).build();
            return OpenLoop.run(rate, warmup, measure, Duration.ofSeconds(30), () -> CompletableFuture.supplyAsync(() -> {
                Channel channel = null;
                try {
                    channel = pool.take();
                    StatusEvent queued = StatusHistories.completedJob(UUID.randomUUID(), Instant.now(), 0).get(0);
                    channel.basicPublish(Topology.STATUS_EXCHANGE, queued.routingKey(), StreamLoader.properties(queued),
                            WireFormat.write(queued));
                    channel.waitForConfirmsOrDie(5000);
                    channel.basicPublish(Topology.JOBS_EXCHANGE, MediaType.IMAGE.wireName(), persistent, job);
                    channel.waitForConfirmsOrDie(5000);
                    return (String) null;
                } catch (IOException | TimeoutException | InterruptedException e) {
                    return e.getClass().getSimpleName() + ": " + e.getMessage();
                } finally {
                    if (channel != null) {
                        pool.add(channel);
                    }
                }
            }, executor));
        } finally {
            executor.shutdownNow();
            for (Channel channel : pool) {
                close(channel);
            }
        }
    }

    /**
     * At {@code rate} per second, publishes a status-event-sized message to {@code media.status} (with
     * confirms on, not waited for, as a worker publishes progress) and measures how long until a
     * consumer of the stream (prefetch 1000, as the gateway's) receives it.
     */
    public Latencies streamDelivery(double rate, Duration measure) throws IOException, InterruptedException {
        Channel consumerChannel = connection.createChannel();
        Channel publisherChannel = connection.createChannel();
        Latencies latencies = new Latencies();
        try {
            consumerChannel.basicQos(1000);
            String tag = consumerChannel.basicConsume(Topology.STATUS_STREAM, false, Map.of("x-stream-offset", "next"),
                    new DefaultConsumer(consumerChannel) {
                        @Override
                        public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
                                                   byte[] body) throws IOException {
                            long now = System.nanoTime();
                            if (body.length >= Long.BYTES) {
                                latencies.recordNanos(now - ByteBuffer.wrap(body).getLong());
                            }
                            getChannel().basicAck(envelope.getDeliveryTag(), true);
                        }
                    });
            publisherChannel.confirmSelect();
            Thread.sleep(500); // the consumer is attached at "next" only once the broker set it up
            int size = WireFormat.write(StatusHistories.completedEvent(UUID.randomUUID(), Instant.now())).length;
            long period = Math.round(1e9 / rate);
            long start = System.nanoTime();
            long end = start + measure.toNanos();
            for (long due = start; due < end; due += period) {
                long remaining;
                while ((remaining = due - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.sleep(remaining);
                }
                ByteBuffer body = ByteBuffer.allocate(size).putLong(System.nanoTime());
                publisherChannel.basicPublish(Topology.STATUS_EXCHANGE, "audio.running",
                        new AMQP.BasicProperties.Builder().deliveryMode(2).build(), body.array());
            }
            publisherChannel.waitForConfirmsOrDie(10_000);
            Thread.sleep(500);
            consumerChannel.basicCancel(tag);
            return latencies;
        } catch (TimeoutException e) {
            throw new IOException("the broker did not confirm the stream messages", e);
        } finally {
            close(publisherChannel);
            close(consumerChannel);
        }
    }

    /**
     * Reads {@code count} messages of the status stream from its first offset with prefetch 1000 (as
     * the gateway's replay does), without parsing them; answers how long it took.
     */
    public Throughput readStream(long count, Duration timeout) throws IOException, InterruptedException {
        Channel channel = connection.createChannel();
        try {
            channel.basicQos(1000);
            CountDownLatch read = new CountDownLatch(1);
            AtomicLong seen = new AtomicLong();
            long start = System.nanoTime();
            String tag = channel.basicConsume(Topology.STATUS_STREAM, false, Map.of("x-stream-offset", "first"),
                    new DefaultConsumer(channel) {
                        @Override
                        public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
                                                   byte[] body) throws IOException {
                            long n = seen.incrementAndGet();
                            if (n % 100 == 0 || n >= count) {
                                getChannel().basicAck(envelope.getDeliveryTag(), true);
                            }
                            if (n == count) {
                                read.countDown();
                            }
                        }
                    });
            boolean complete = read.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long took = System.nanoTime() - start;
            channel.basicCancel(tag);
            return new Throughput(Math.min(seen.get(), count), Duration.ofNanos(took), complete);
        } finally {
            close(channel);
        }
    }

    /**
     * The status events of {@code jobIds} in the order the stream holds them (read from its first
     * offset), as {@code state(attempt,seq)} per job, for telling what a gateway saw.
     */
    public Map<UUID, List<String>> streamOrder(java.util.Set<UUID> jobIds, Duration timeout) throws IOException, InterruptedException {
        Map<UUID, List<String>> order = new java.util.concurrent.ConcurrentHashMap<>();
        Channel channel = connection.createChannel();
        try {
            channel.basicQos(1000);
            AtomicLong seen = new AtomicLong();
            AtomicLong lastDelivery = new AtomicLong(System.nanoTime());
            String tag = channel.basicConsume(Topology.STATUS_STREAM, false, Map.of("x-stream-offset", "first"),
                    new DefaultConsumer(channel) {
                        @Override
                        public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
                                                   byte[] body) throws IOException {
                            lastDelivery.set(System.nanoTime());
                            try {
                                StatusEvent event = WireFormat.read(body, StatusEvent.class);
                                if (jobIds.contains(event.jobId())) {
                                    order.computeIfAbsent(event.jobId(), id -> java.util.Collections.synchronizedList(new java.util.ArrayList<>()))
                                            .add(event.state().wireName() + "(" + event.attempt() + "," + event.seq() + ")");
                                }
                            } catch (RuntimeException e) {
                                // markers and foreign messages
                            }
                            if (seen.incrementAndGet() % 100 == 0) {
                                getChannel().basicAck(envelope.getDeliveryTag(), true);
                            }
                        }
                    });
            // the stream's end: nothing more arrives for a second
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && System.nanoTime() - lastDelivery.get() < 1_000_000_000L) {
                Thread.sleep(100);
            }
            channel.basicCancel(tag);
            return order;
        } finally {
            close(channel);
        }
    }

    /** Messages handled and the time they took. */
    public record Throughput(long messages, Duration took, boolean complete) {

        public double perSecond() {
            return messages * 1e9 / Math.max(1, took.toNanos());
        }

        public double millisPerMessage() {
            return took.toNanos() / 1e6 / Math.max(1, messages);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void close(Channel channel) {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            // closing the connection ends it anyway
        }
    }
}
