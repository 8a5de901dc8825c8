package dev.mediaqueue.worker.generator.comfyui;

import dev.mediaqueue.worker.generator.GenerationException;
import dev.mediaqueue.worker.generator.ProgressReporter;
import dev.mediaqueue.worker.generator.comfyui.ComfyUiClient.PromptRejectedException;
import dev.mediaqueue.worker.generator.comfyui.ComfyUiClient.QueueState;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One prompt on the ComfyUI server, followed from submit to its outcome on the generator's thread.
 *
 * <p>Events come from a websocket of the run's own client id, so the server sends this run's events to it
 * alone. Whatever the socket misses, {@code /queue} and {@code /history} tell: they are checked when the
 * socket closes (then with growing pauses, reconnecting each time), when the run seems finished, and
 * every {@code check-interval} while the socket is quiet. Checking {@code /queue} before {@code /history}
 * leaves no gap, because the server moves a prompt from running to history in one step: a prompt in
 * neither was lost, typically by a restart.
 *
 * <p>A cancel (from any thread) only queues a signal; this thread then removes the prompt from the
 * queue, or interrupts it if it is the one running, and waits for the server to confirm.
 */
final class ComfyUiRun implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ComfyUiRun.class);
    private static final Duration FINISHING_CHECK = Duration.ofMillis(100);
    private static final Duration INTERRUPT_REPEAT = Duration.ofSeconds(2);

    private final ComfyUiClient client;
    private final ComfyUiProperties properties;
    private final JsonMapper mapper;
    private final RunProgress progress;
    private final ProgressReporter reporter;
    private final Consumer<RunSignal.Preview> previews;
    private final BlockingQueue<RunSignal> signals = new LinkedBlockingQueue<>();
    private final String clientId = "mediaqueue-" + UUID.randomUUID();

    private @Nullable WebSocket socket;
    private @Nullable ComfyUiSocket reader;
    private @Nullable String promptId;
    private long nextCheck;
    private Duration backoff;
    private long lastReachable = System.nanoTime();
    private int vanishedChecks;
    private boolean finishing;
    private boolean cancelRequested;
    private long cancelDeadline;
    private long lastInterrupt = System.nanoTime() - INTERRUPT_REPEAT.toNanos();
    private @Nullable JsonNode executionError;
    private @Nullable JsonNode interrupted;

    ComfyUiRun(ComfyUiClient client, ComfyUiProperties properties, JsonMapper mapper, RunProgress progress,
               ProgressReporter reporter, Consumer<RunSignal.Preview> previews) {
        this.client = client;
        this.properties = properties;
        this.mapper = mapper;
        this.progress = progress;
        this.reporter = reporter;
        this.previews = previews;
        this.backoff = properties.pollInterval();
    }

    /** Opens the websocket before anything is queued, so no event of the run can be missed. */
    void open() throws GenerationException, InterruptedException {
        try {
            socket = connect();
        } catch (IOException e) {
            throw ComfyUiFailures.unreachable(client.base(), e);
        }
    }

    /** Queues the prompt; answers its id. */
    String submit(ObjectNode prompt) throws GenerationException, InterruptedException {
        UUID requested = UUID.randomUUID();
        ComfyUiClient.Queued queued;
        try {
            queued = client.submit(prompt, clientId, requested);
        } catch (PromptRejectedException e) {
            throw ComfyUiFailures.rejected(e.body());
        } catch (IOException e) {
            // the server may have queued it before the answer was lost; newer servers use the requested id
            removeQuietly(requested.toString());
            throw ComfyUiFailures.unreachable(client.base(), e);
        } catch (InterruptedException e) {
            abandon(requested.toString());
            throw e;
        }
        promptId = queued.promptId();
        if (!queued.nodeErrors().isEmpty()) {
            removeQuietly(promptId);
            throw ComfyUiFailures.partlyRejected(queued.nodeErrors());
        }
        report();
        return promptId;
    }

    /** Asks for the run to stop; safe from any thread, returns at once. */
    void cancel() {
        signals.add(new RunSignal.CancelRequested());
    }

    /**
     * Follows the run to its end.
     *
     * @return the prompt's {@code /history} entry of a successful run
     * @throws GenerationException   when the run failed, ComfyUI lost it or stayed unreachable
     * @throws CancellationException when the run was cancelled
     * @throws InterruptedException  when the thread is interrupted; the run is then stopped on the server
     */
    JsonNode await() throws GenerationException, InterruptedException {
        String id = requirePromptId();
        // at once: where the prompt stands in ComfyUI's queue
        scheduleCheck(Duration.ZERO);
        try {
            while (true) {
                RunSignal signal = signals.poll(Math.max(0, nextCheck - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (signal != null) {
                    handle(signal, id);
                }
                if (System.nanoTime() - nextCheck >= 0) {
                    Optional<JsonNode> finished = check(id);
                    if (finished.isPresent()) {
                        return finished.get();
                    }
                }
            }
        } catch (InterruptedException e) {
            abandon(id);
            throw e;
        }
    }

    private void handle(RunSignal signal, String id) {
        if (signal instanceof RunSignal.Event event) {
            onEvent(event, id);
        } else if (signal instanceof RunSignal.Preview preview) {
            if (preview.promptId().isEmpty() || preview.promptId().equals(id)) {
                previews.accept(preview);
            }
        } else if (signal instanceof RunSignal.SocketClosed closed && closed.source() == reader) {
            log.info("ComfyUI's websocket {}; following prompt {} through /history", closed.reason(), id);
            socket = null;
            reader = null;
            backoff = properties.pollInterval();
            scheduleCheck(backoff);
        } else if (signal instanceof RunSignal.CancelRequested && !cancelRequested) {
            cancelRequested = true;
            cancelDeadline = System.nanoTime() + properties.cancelGrace().toNanos();
            scheduleCheck(Duration.ZERO);
        }
    }

    private void onEvent(RunSignal.Event event, String id) {
        JsonNode data = event.data();
        String eventPrompt = data.path("prompt_id").asString("");
        if (!eventPrompt.isEmpty() && !eventPrompt.equals(id)) {
            return;
        }
        lastReachable = System.nanoTime();
        switch (event.type()) {
            case "execution_start" -> progress.started();
            case "execution_cached" -> progress.cached(data.path("nodes").values().stream().map(JsonNode::asString).toList());
            case "executing" -> {
                JsonNode node = data.path("node");
                if (node.isNull() || node.isMissingNode()) {
                    finishing();
                } else {
                    progress.executing(node.asString());
                }
            }
            case "progress" -> progress.step(data.path("node").isString() ? data.path("node").asString() : null,
                    data.path("value").asDouble(0), data.path("max").asDouble(0));
            case "executed" -> progress.executed(data.path("node").asString(""));
            case "execution_success" -> finishing();
            case "execution_error" -> {
                executionError = data;
                finishing();
            }
            case "execution_interrupted" -> {
                interrupted = data;
                finishing();
            }
            default -> {
                return;
            }
        }
        report();
    }

    /** Where the prompt is now: finished (its history entry), or still on its way (empty). */
    private Optional<JsonNode> check(String id) throws GenerationException, InterruptedException {
        if (cancelRequested && System.nanoTime() - cancelDeadline >= 0) {
            log.warn("ComfyUI did not confirm the cancel of prompt {} within {}; ending the job", id,
                    properties.cancelGrace());
            throw new CancellationException("cancelled; ComfyUI did not confirm in time");
        }
        if (socket == null) {
            reconnect();
        }
        try {
            QueueState queue = client.queue();
            lastReachable = System.nanoTime();
            if (queue.running().contains(id)) {
                return running(id);
            }
            if (queue.pending().contains(id)) {
                return pending(id, queue);
            }
            Optional<JsonNode> entry = client.history(id);
            if (entry.isPresent()) {
                return Optional.of(outcome(entry.get()));
            }
            if (cancelRequested) {
                throw new CancellationException("cancelled: the prompt was removed from ComfyUI's queue");
            }
            // once more after a moment before calling it lost: cheap insurance against a server in transition
            if (++vanishedChecks >= 2) {
                throw ComfyUiFailures.vanished(id);
            }
            return next(properties.pollInterval());
        } catch (IOException e) {
            return unreachable(e);
        }
    }

    private Optional<JsonNode> running(String id) throws IOException, InterruptedException {
        vanishedChecks = 0;
        if (progress.percent() < RunProgress.RUN_FROM) {
            progress.started();
            report();
        }
        if (cancelRequested && System.nanoTime() - lastInterrupt >= INTERRUPT_REPEAT.toNanos()) {
            // the server checks the id (since ComfyUI PR #9607); for older ones it was running a moment ago
            client.interrupt(id);
            lastInterrupt = System.nanoTime();
        }
        return next(cancelRequested || finishing ? FINISHING_CHECK : quietCheck());
    }

    private Optional<JsonNode> pending(String id, QueueState queue) throws IOException, InterruptedException {
        vanishedChecks = 0;
        if (cancelRequested) {
            client.delete(id);
            return next(FINISHING_CHECK);
        }
        progress.waiting(queue.ahead(id));
        report();
        return next(quietCheck());
    }

    /** The result of a finished prompt from its history entry: {@code status} and the messages of its run. */
    private JsonNode outcome(JsonNode entry) throws GenerationException {
        JsonNode status = entry.path("status");
        JsonNode interruptedData = message(status, "execution_interrupted").orElse(interrupted);
        JsonNode errorData = message(status, "execution_error").orElse(executionError);
        boolean failed = "error".equals(status.path("status_str").asString(""))
                || interruptedData != null || errorData != null;
        if (failed && interruptedData != null) {
            if (cancelRequested) {
                throw new CancellationException("cancelled: ComfyUI interrupted the run");
            }
            throw ComfyUiFailures.interruptedElsewhere(interruptedData);
        }
        if (failed) {
            throw errorData != null ? ComfyUiFailures.executionError(errorData)
                    : GenerationException.permanent("ComfyUI reported the run as failed without saying why");
        }
        if (cancelRequested) {
            throw new CancellationException("cancelled after ComfyUI finished the run");
        }
        progress.finished();
        report();
        return entry;
    }

    /** The data of the first status message of {@code type}: messages are {@code [[type, data], ...]}. */
    private static Optional<JsonNode> message(JsonNode status, String type) {
        return status.path("messages").values().stream()
                .filter(m -> type.equals(m.path(0).asString("")))
                .map(m -> m.path(1))
                .findFirst();
    }

    private Optional<JsonNode> unreachable(IOException e) throws GenerationException {
        Duration down = Duration.ofNanos(System.nanoTime() - lastReachable);
        Duration left = properties.unreachableTimeout().minus(down);
        if (left.isNegative() || left.isZero()) {
            throw ComfyUiFailures.unreachableFor(client.base(), down, e);
        }
        Duration wait = growBackoff();
        // the last check falls on the deadline, not a whole back-off after it
        wait = wait.compareTo(left) > 0 ? left : wait;
        log.info("ComfyUI is unreachable ({}); checking again in {}", e.toString(), wait);
        return next(wait);
    }

    private void reconnect() throws InterruptedException {
        try {
            socket = connect();
            backoff = properties.pollInterval();
            log.info("Reconnected to ComfyUI's websocket");
        } catch (IOException e) {
            log.debug("Cannot reconnect to ComfyUI's websocket: {}", e.getMessage());
        }
    }

    private WebSocket connect() throws IOException, InterruptedException {
        ComfyUiSocket listener = new ComfyUiSocket(signals, mapper, properties.maxPreviewSize().toBytes() + 1024);
        try {
            WebSocket connected = client.connect(clientId, listener)
                    .get(properties.connectTimeout().plusSeconds(1).toMillis(), TimeUnit.MILLISECONDS);
            reader = listener;
            return connected;
        } catch (ExecutionException e) {
            throw new IOException("websocket: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("websocket: no answer within " + properties.connectTimeout(), e);
        }
    }

    /** The worker is stopping: take the prompt off the server, since the job will run again elsewhere. */
    private void abandon(String id) {
        boolean wasInterrupted = Thread.interrupted();
        removeQuietly(id);
        if (wasInterrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Removes the prompt from the queue, or interrupts it if it is the one running; never throws. */
    private void removeQuietly(String id) {
        try {
            client.delete(id);
            if (client.queue().running().contains(id)) {
                client.interrupt(id);
            }
        } catch (IOException e) {
            log.debug("Could not remove prompt {} from ComfyUI: {}", id, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The server says the run ended: its history entry is due any moment. */
    private void finishing() {
        finishing = true;
        scheduleCheck(Duration.ZERO);
    }

    private Duration quietCheck() {
        return socket != null ? properties.checkInterval() : growBackoff();
    }

    private Duration growBackoff() {
        Duration wait = backoff;
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(properties.maxPollInterval()) > 0 ? properties.maxPollInterval() : doubled;
        return wait;
    }

    /** Not finished yet: check again after {@code wait}. */
    private Optional<JsonNode> next(Duration wait) {
        scheduleCheck(wait);
        return Optional.empty();
    }

    private void scheduleCheck(Duration wait) {
        nextCheck = System.nanoTime() + wait.toNanos();
    }

    private void report() {
        reporter.report(progress.percent(), progress.message());
    }

    private String requirePromptId() {
        if (promptId == null) {
            throw new IllegalStateException("await() before submit()");
        }
        return promptId;
    }

    @Override
    public void close() {
        WebSocket open = socket;
        socket = null;
        if (open != null) {
            open.abort();
        }
    }
}
