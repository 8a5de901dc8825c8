package dev.mediaqueue.worker.job;

import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.WireFormat;
import dev.mediaqueue.worker.system.PublishFailedException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A delivery that remembers how it was settled and what was republished. */
final class FakeDelivery implements JobDelivery {

    enum Settlement { ACKED, DEAD_LETTERED, REQUEUED }

    record Republished(MediaType type, int attempt) {
    }

    private final byte[] body;
    private final boolean redelivered;
    private final int attemptHeader;
    private final MediaType queueType;
    private final List<Settlement> settlements = new ArrayList<>();
    private final List<Republished> republished = new ArrayList<>();
    private boolean refuseRepublish;
    private final List<Runnable> lostCallbacks = new CopyOnWriteArrayList<>();
    private volatile boolean lost;
    private volatile boolean watchingLoss;

    private FakeDelivery(byte[] body, boolean redelivered, int attemptHeader, MediaType queueType) {
        this.body = body;
        this.redelivered = redelivered;
        this.attemptHeader = attemptHeader;
        this.queueType = queueType;
    }

    static FakeDelivery of(JobMessage job) {
        return of(job, 1);
    }

    /** A first delivery of a message published for {@code attemptHeader}. */
    static FakeDelivery of(JobMessage job, int attemptHeader) {
        return new FakeDelivery(WireFormat.write(job), false, attemptHeader, job.mediaType());
    }

    static FakeDelivery redelivered(JobMessage job, int attemptHeader) {
        return new FakeDelivery(WireFormat.write(job), true, attemptHeader, job.mediaType());
    }

    /** A message with this body on the image queue. */
    static FakeDelivery raw(String body) {
        return new FakeDelivery(body.getBytes(StandardCharsets.UTF_8), false, 1, MediaType.IMAGE);
    }

    FakeDelivery refusingRepublish() {
        refuseRepublish = true;
        return this;
    }

    @Override
    public byte[] body() {
        return body;
    }

    @Override
    public boolean isRedelivered() {
        return redelivered;
    }

    @Override
    public Optional<MediaType> queueMediaType() {
        return Optional.of(queueType);
    }

    @Override
    public int attemptHeader() {
        return attemptHeader;
    }

    @Override
    public void republish(MediaType type, int attempt) throws PublishFailedException {
        if (refuseRepublish) {
            throw new PublishFailedException("refused by the test");
        }
        republished.add(new Republished(type, attempt));
    }

    @Override
    public void ack() {
        settlements.add(Settlement.ACKED);
    }

    @Override
    public void deadLetter() {
        settlements.add(Settlement.DEAD_LETTERED);
    }

    @Override
    public void requeue() {
        settlements.add(Settlement.REQUEUED);
    }

    @Override
    public boolean isSettled() {
        return !settlements.isEmpty();
    }

    @Override
    public Watch whenLost(Runnable callback) {
        if (lost) {
            callback.run();
        }
        lostCallbacks.add(callback);
        watchingLoss = true;
        return () -> {
            lostCallbacks.remove(callback);
            watchingLoss = false;
        };
    }

    /** The channel closes: the callbacks of {@link #whenLost} run. */
    void lose() {
        lost = true;
        lostCallbacks.forEach(Runnable::run);
    }

    /** Whether a loss callback is registered and not yet closed. */
    boolean isWatchingLoss() {
        return watchingLoss;
    }

    List<Settlement> settlements() {
        return settlements;
    }

    List<Republished> republished() {
        return republished;
    }
}
