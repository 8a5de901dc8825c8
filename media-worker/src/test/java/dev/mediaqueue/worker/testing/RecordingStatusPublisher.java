package dev.mediaqueue.worker.testing;

import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.StatusEvent;
import dev.mediaqueue.worker.progress.StatusPublisher;
import dev.mediaqueue.worker.system.PublishFailedException;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A status publisher that keeps what it was given and confirms it, or refuses terminal events when told. */
public final class RecordingStatusPublisher implements StatusPublisher {

    private final List<StatusEvent> events = new CopyOnWriteArrayList<>();
    private volatile boolean refuseTerminal;

    /** From now on, terminal events are refused as if the broker had not confirmed them. */
    public void refuseTerminalEvents() {
        refuseTerminal = true;
    }

    @Override
    public CompletableFuture<Void> publish(StatusEvent event) {
        events.add(event);
        if (refuseTerminal && event.state().isTerminal()) {
            return CompletableFuture.failedFuture(new PublishFailedException("refused by the test"));
        }
        return CompletableFuture.completedFuture(null);
    }

    public List<StatusEvent> events() {
        return List.copyOf(events);
    }

    public List<JobState> states() {
        return events.stream().map(StatusEvent::state).toList();
    }

    public StatusEvent last() {
        return events.get(events.size() - 1);
    }
}
