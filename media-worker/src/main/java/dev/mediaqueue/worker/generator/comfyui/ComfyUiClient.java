package dev.mediaqueue.worker.generator.comfyui;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * ComfyUI's HTTP and websocket routes, as the server implements them ({@code server.py}): {@code POST /prompt},
 * {@code GET /queue}, {@code POST /queue} (delete), {@code POST /interrupt}, {@code GET /history/{id}},
 * {@code GET /view}, {@code GET /system_stats} and {@code /ws?clientId=}.
 *
 * <p>Any failure to reach the server or a 5xx answer is an {@link IOException}; the caller decides what it
 * means for the job.
 */
final class ComfyUiClient {

    private final HttpClient http;
    private final URI base;
    private final JsonMapper mapper;
    private final Duration requestTimeout;
    private final Duration downloadTimeout;
    private final Duration connectTimeout;

    ComfyUiClient(HttpClient http, ComfyUiProperties properties, JsonMapper mapper) {
        this.http = http;
        this.base = properties.base();
        this.mapper = mapper;
        this.requestTimeout = properties.requestTimeout();
        this.downloadTimeout = properties.downloadTimeout();
        this.connectTimeout = properties.connectTimeout();
    }

    URI base() {
        return base;
    }

    /** What {@code POST /prompt} answered for a prompt it took. */
    record Queued(String promptId, JsonNode nodeErrors) {
    }

    /** {@code POST /prompt} refused the prompt (400): the body holds {@code error} and {@code node_errors}. */
    static final class PromptRejectedException extends Exception {
        private final transient JsonNode body;

        PromptRejectedException(JsonNode body) {
            super("ComfyUI rejected the prompt");
            this.body = body;
        }

        JsonNode body() {
            return body;
        }
    }

    /** {@code POST /prompt}: queues {@code prompt} for the websocket client {@code clientId}. */
    Queued submit(ObjectNode prompt, String clientId, UUID promptId)
            throws IOException, InterruptedException, PromptRejectedException {
        ObjectNode body = mapper.createObjectNode();
        body.set("prompt", prompt);
        body.put("client_id", clientId);
        // servers that know it use this id (so a lost answer still leaves the id known); older ones mint their own
        body.put("prompt_id", promptId.toString());
        HttpResponse<String> response = send(post("/prompt", body));
        if (response.statusCode() == 400) {
            throw new PromptRejectedException(json(response.body()));
        }
        JsonNode answer = requireOk(response);
        String id = answer.path("prompt_id").asString("");
        if (id.isEmpty()) {
            throw new IOException("ComfyUI answered POST /prompt without a prompt_id: " + abbreviate(response.body()));
        }
        return new Queued(id, answer.path("node_errors"));
    }

    /** The ids in {@code GET /queue}: the running prompt(s) and the pending ones in the order they will run. */
    record QueueState(Set<String> running, List<String> pending) {

        /** How many prompts run or wait before {@code promptId}, which is pending. */
        int ahead(String promptId) {
            return running.size() + pending.indexOf(promptId);
        }
    }

    QueueState queue() throws IOException, InterruptedException {
        JsonNode queue = requireOk(send(get("/queue", requestTimeout)));
        return new QueueState(new LinkedHashSet<>(ids(queue.path("queue_running"))), ids(queue.path("queue_pending")));
    }

    /** Queue items are {@code [number, prompt_id, prompt, extra_data, outputs]}; they run by number. */
    private static List<String> ids(JsonNode items) {
        return items.values().stream()
                .sorted(Comparator.comparingDouble(item -> item.path(0).asDouble(0)))
                .map(item -> item.path(1).asString(""))
                .toList();
    }

    /** {@code GET /history/{prompt_id}}: the finished prompt's entry, or empty while it is not finished (or unknown). */
    Optional<JsonNode> history(String promptId) throws IOException, InterruptedException {
        JsonNode history = requireOk(send(get("/history/" + encode(promptId), requestTimeout)));
        JsonNode entry = history.path(promptId);
        return entry.isObject() ? Optional.of(entry) : Optional.empty();
    }

    /** {@code POST /queue {"delete": [id]}}: removes a prompt that has not started; nothing otherwise. */
    void delete(String promptId) throws IOException, InterruptedException {
        ObjectNode body = mapper.createObjectNode();
        body.putArray("delete").add(promptId);
        requireSuccess(send(post("/queue", body)));
    }

    /**
     * {@code POST /interrupt {"prompt_id": id}}: servers since ComfyUI PR #9607 stop the run only if that
     * prompt is the one running; older ones ignore the body and stop whatever runs, so callers check
     * {@link #queue()} first.
     */
    void interrupt(String promptId) throws IOException, InterruptedException {
        ObjectNode body = mapper.createObjectNode();
        body.put("prompt_id", promptId);
        requireSuccess(send(post("/interrupt", body)));
    }

    /** {@code GET /system_stats}: the server's version and devices. */
    JsonNode systemStats() throws IOException, InterruptedException {
        return requireOk(send(get("/system_stats", connectTimeout.plus(requestTimeout))));
    }

    /** An output file as {@code /view} serves it. */
    record Download(Path file, @Nullable String contentType) {
    }

    /** {@code GET /view?filename=&subfolder=&type=}: writes an output file to {@code target}. */
    Download view(String filename, String subfolder, String type, Path target) throws IOException, InterruptedException {
        String query = Map.of("filename", filename, "subfolder", subfolder, "type", type).entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpResponse<Path> response = http.send(get("/view?" + query, downloadTimeout),
                HttpResponse.BodyHandlers.ofFile(target));
        if (response.statusCode() != 200) {
            throw new ViewFailedException(response.statusCode(), filename);
        }
        return new Download(target, response.headers().firstValue("Content-Type").orElse(null));
    }

    /** {@code /view} did not serve an output file. */
    static final class ViewFailedException extends IOException {
        private final int status;

        ViewFailedException(int status, String filename) {
            super("ComfyUI's /view answered " + status + " for " + filename);
            this.status = status;
        }

        boolean isMissing() {
            return status == 404;
        }
    }

    /** Opens {@code /ws?clientId=}; the listener gets the server's events for prompts queued with that client id. */
    CompletableFuture<WebSocket> connect(String clientId, WebSocket.Listener listener) {
        URI ws = URI.create(base.toString().replaceFirst("^http", "ws") + "/ws?clientId=" + encode(clientId));
        return http.newWebSocketBuilder().connectTimeout(connectTimeout).buildAsync(ws, listener);
    }

    private HttpRequest get(String path, Duration timeout) {
        return HttpRequest.newBuilder(base.resolve(base.getPath() + path)).timeout(timeout).GET().build();
    }

    private HttpRequest post(String path, JsonNode body) {
        return HttpRequest.newBuilder(base.resolve(base.getPath() + path)).timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body)))
                .build();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode requireOk(HttpResponse<String> response) throws IOException {
        requireSuccess(response);
        return json(response.body());
    }

    private static void requireSuccess(HttpResponse<String> response) throws IOException {
        if (response.statusCode() / 100 != 2) {
            throw new IOException("ComfyUI answered " + response.statusCode() + " to " + response.request().method()
                    + " " + response.uri().getPath() + ": " + abbreviate(response.body()));
        }
    }

    private JsonNode json(String body) throws IOException {
        try {
            return mapper.readTree(body);
        } catch (JacksonException e) {
            throw new IOException("ComfyUI answered something that is not JSON: " + abbreviate(body), e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String abbreviate(@Nullable String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }
}
