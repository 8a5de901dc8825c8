package dev.mediaqueue.bench.scenario;

import com.rabbitmq.client.Connection;
import dev.mediaqueue.bench.Bench;
import dev.mediaqueue.bench.Measurement;
import dev.mediaqueue.bench.Results;
import dev.mediaqueue.bench.Scenario;
import dev.mediaqueue.bench.broker.RawBroker;
import dev.mediaqueue.bench.broker.Vhost;
import dev.mediaqueue.bench.load.Latencies;

import java.time.Duration;

/**
 * The raw broker, through the plain RabbitMQ Java client in a vhost with the project's topology:
 * persistent messages with publisher confirms through a job queue (one consumer, prefetch 1 and 50),
 * and how fast a stream consumer sees a message. (The submit scenario measures its own baseline, the
 * two confirmed publishes of a job start, in slices alternating with the gateway.)
 */
public final class BrokerBaseline implements Scenario {

    public static final String NAME = "baseline-broker";
    public static final String PREFETCH_1_RATE = "publish+consume, prefetch 1";
    public static final String PREFETCH_1_TIME = "time per message, prefetch 1";
    public static final String PREFETCH_50_RATE = "publish+consume, prefetch 50";
    public static final String STREAM_P50 = "publish → stream consumer, p50";
    public static final String STREAM_P99 = "publish → stream consumer, p99";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(Bench bench, Results results) throws Exception {
        try (Vhost vhost = bench.vhost("broker"); Connection connection = vhost.connect("bench-baseline")) {
            vhost.declareTopology();
            RawBroker broker = new RawBroker(connection);
            int count = bench.scaled(20_000, 1_000);
            Duration timeout = Duration.ofSeconds(120);
            broker.pipeline(Math.max(500, count / 10), 50, timeout); // warm-up: JIT and broker

            RawBroker.Throughput prefetch1 = broker.pipeline(count, 1, timeout);
            bench.log("broker: prefetch 1: %.0f msg/s (%d in %d ms)", prefetch1.perSecond(), prefetch1.messages(), prefetch1.took().toMillis());
            results.add(Measurement.of(NAME, PREFETCH_1_RATE, "msg/s", prefetch1.perSecond()));
            results.add(Measurement.of(NAME, PREFETCH_1_TIME, "ms", prefetch1.millisPerMessage()));
            RawBroker.Throughput prefetch50 = broker.pipeline(count, 50, timeout);
            bench.log("broker: prefetch 50: %.0f msg/s", prefetch50.perSecond());
            results.add(Measurement.of(NAME, PREFETCH_50_RATE, "msg/s", prefetch50.perSecond()));

            Latencies stream = broker.streamDelivery(100, bench.scaled(Duration.ofSeconds(5), Duration.ofSeconds(2)));
            bench.log("broker: stream delivery at 100/s: %s", stream);
            results.add(Measurement.of(NAME, STREAM_P50, "ms", stream.percentileMillis(50)));
            results.add(Measurement.of(NAME, STREAM_P99, "ms", stream.percentileMillis(99)));
        }
    }
}
