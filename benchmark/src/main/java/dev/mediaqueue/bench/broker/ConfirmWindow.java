package dev.mediaqueue.bench.broker;

import com.rabbitmq.client.Channel;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Publisher confirms on one channel with at most {@code size} messages unconfirmed at a time. */
final class ConfirmWindow {

    private final Channel channel;
    private final int size;
    private final Semaphore permits;
    private final ConcurrentNavigableMap<Long, Boolean> unconfirmed = new ConcurrentSkipListMap<>();
    private final AtomicLong nacked = new AtomicLong();

    ConfirmWindow(Channel channel, int size) throws IOException {
        this.channel = channel;
        this.size = size;
        this.permits = new Semaphore(size);
        channel.confirmSelect();
        channel.addConfirmListener((tag, multiple) -> settle(tag, multiple),
                (tag, multiple) -> nacked.addAndGet(settle(tag, multiple)));
    }

    /** Call right before each publish: waits for room in the window. */
    void beforePublish() throws InterruptedException {
        permits.acquire();
        unconfirmed.put(channel.getNextPublishSeqNo(), Boolean.TRUE);
    }

    /** Waits until every published message is confirmed; fails if any was refused. */
    void awaitAll(Duration timeout) throws IOException, InterruptedException {
        if (!permits.tryAcquire(size, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException("the broker did not confirm " + unconfirmed.size() + " messages within " + timeout);
        }
        permits.release(size);
        if (nacked.get() > 0) {
            throw new IOException("the broker refused " + nacked.get() + " messages");
        }
    }

    private int settle(long tag, boolean multiple) {
        int settled;
        if (multiple) {
            ConcurrentNavigableMap<Long, Boolean> upTo = unconfirmed.headMap(tag, true);
            settled = upTo.size();
            upTo.clear();
        } else {
            settled = unconfirmed.remove(tag) != null ? 1 : 0;
        }
        permits.release(settled);
        return settled;
    }
}
