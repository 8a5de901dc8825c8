package dev.mediaqueue.bench.load;

import dev.mediaqueue.model.WireFormat;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** The gateway's HTTP API as the benchmark uses it: start a job, read its status. */
public final class GatewayApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;
    private final String baseUrl;

    public GatewayApi(HttpClient client, String baseUrl) {
        this.client = client;
        this.baseUrl = baseUrl;
    }

    public HttpClient client() {
        return client;
    }

    /** The start request of a job of {@code mediaType} with these generator params. */
    public HttpRequest startRequest(String mediaType, Map<String, Object> params) {
        Map<String, Object> body = Map.of("media_type", mediaType,
                "user_input", "a red house by the sea at golden hour, benchmark job", "params", params);
        return HttpRequest.newBuilder(URI.create(baseUrl + "/api/job/start"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(WireFormat.write(body)))
                .build();
    }

    /** Starts a job and answers its id, or empty when the gateway did not answer 202. */
    public Optional<UUID> start(String mediaType, Map<String, Object> params) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(startRequest(mediaType, params), HttpResponse.BodyHandlers.ofByteArray());
        return acceptedJobId(response);
    }

    /** Starts a job; the future answers null when the gateway answered 202, else what it answered. */
    public CompletableFuture<String> startAsync(String mediaType, Map<String, Object> params) {
        return client.sendAsync(startRequest(mediaType, params), HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> response.statusCode() == 202 ? null : "status " + response.statusCode());
    }

    private static Optional<UUID> acceptedJobId(HttpResponse<byte[]> response) {
        if (response.statusCode() != 202) {
            return Optional.empty();
        }
        return Optional.of(UUID.fromString(WireFormat.mapper().readTree(response.body()).path("job_id").asString()));
    }

    public HttpRequest statusRequest(UUID jobId, String ifNoneMatch) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + "/api/job/" + jobId + "/status"))
                .timeout(TIMEOUT);
        if (ifNoneMatch != null) {
            builder.header("If-None-Match", ifNoneMatch);
        }
        return builder.GET().build();
    }

    /**
     * Reads the job's status. The answer's code is the HTTP status: 200 with the status, 304 when it
     * still matches {@code ifNoneMatch} (no status then), anything else is the gateway's refusal.
     */
    public Answer status(UUID jobId, String ifNoneMatch) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(statusRequest(jobId, ifNoneMatch), HttpResponse.BodyHandlers.ofByteArray());
        Instant seen = Instant.now();
        if (response.statusCode() != 200) {
            return new Answer(response.statusCode(), null);
        }
        return new Answer(200, Status.of(WireFormat.mapper().readTree(response.body()),
                response.headers().firstValue("ETag").orElse(null), seen));
    }

    /** An answer to a status request: the HTTP status and, for 200, the job's status. */
    public record Answer(int code, Status status) {
    }

    /**
     * The fields of a status answer the benchmark reads.
     *
     * @param seen when the answer arrived here
     */
    public record Status(UUID jobId, String state, int progress, Instant createdAt, Instant startedAt,
                         Instant completedAt, Instant updatedAt, String etag, Instant seen) {

        static Status of(JsonNode json, String etag, Instant seen) {
            return new Status(UUID.fromString(json.path("job_id").asString()), json.path("status").asString(),
                    json.path("progress").asInt(), instant(json, "created_at"), instant(json, "started_at"),
                    instant(json, "completed_at"), instant(json, "updated_at"), etag, seen);
        }

        private static Instant instant(JsonNode json, String field) {
            JsonNode value = json.path(field);
            return value.isString() ? Instant.parse(value.asString()) : null;
        }

        public boolean isTerminal() {
            return state.equals("completed") || state.equals("failed") || state.equals("cancelled");
        }
    }
}
