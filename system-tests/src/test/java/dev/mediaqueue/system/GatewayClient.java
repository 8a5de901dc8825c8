package dev.mediaqueue.system;

import dev.mediaqueue.model.WireFormat;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for the gateway's public API, as a frontend would use it. */
final class GatewayClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String baseUrl;

    GatewayClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Starts a job and returns the response (202 with the job id when accepted). */
    HttpResponse<String> start(String json) {
        return send(HttpRequest.newBuilder(uri("/api/job/start"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Starts a job that must be accepted, and returns its id. */
    String startAccepted(String json) {
        HttpResponse<String> response = start(json);
        if (response.statusCode() != 202) {
            throw new AssertionError("start answered " + response.statusCode() + ": " + response.body());
        }
        return json(response).get("job_id").asString();
    }

    HttpResponse<String> status(String jobId) {
        return send(HttpRequest.newBuilder(uri("/api/job/" + jobId + "/status")).GET());
    }

    /** The status of a job that must exist. */
    JsonNode statusOf(String jobId) {
        HttpResponse<String> response = status(jobId);
        if (response.statusCode() != 200) {
            throw new AssertionError("status answered " + response.statusCode() + ": " + response.body());
        }
        return json(response);
    }

    HttpResponse<byte[]> download(String path, String range) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (range != null) {
            request.header("Range", range);
        }
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        return WireFormat.mapper().readTree(response.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }
}
