package dev.mediaqueue.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Reads a server-sent event stream as a browser's {@code EventSource} would, line by line on a thread
 * of its own, and keeps what arrived for assertions: the events, the comment lines, and whether the
 * server closed the stream.
 */
public final class EventStreamClient implements AutoCloseable {

    /** One event: its {@code id}, {@code event} name and {@code data}, and when it arrived. */
    public record Event(String id, String name, String data, long receivedAtMillis) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<Long> comments = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final HttpResponse<Stream<String>> response;

    private EventStreamClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        Thread reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code url} with these extra request headers; returns once the response headers arrived. */
    public static EventStreamClient open(HttpClient http, String url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(request::header);
        try {
            // the timeout bounds the wait for the headers; the body is read for as long as the server sends
            return new EventStreamClient(http.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int statusCode() {
        return response.statusCode();
    }

    public HttpHeaders headers() {
        return response.headers();
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    /** Arrival times of the comment lines (heartbeats). */
    public List<Long> comments() {
        return List.copyOf(comments);
    }

    /** Whether the server ended the stream. */
    public boolean ended() {
        return ended.isDone();
    }

    /** Whether the stream ended because reading it failed (a cut connection) rather than a clean close. */
    public boolean failed() {
        return ended.isCompletedExceptionally();
    }

    private void read() {
        String id = null;
        String name = null;
        List<String> data = new ArrayList<>();
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(id, name, String.join("\n", data), System.currentTimeMillis()));
                    }
                    name = null;
                    data = new ArrayList<>();
                } else if (line.startsWith(":")) {
                    comments.add(System.currentTimeMillis());
                } else if (line.startsWith("id:")) {
                    id = value(line);
                } else if (line.startsWith("event:")) {
                    name = value(line);
                } else if (line.startsWith("data:")) {
                    data.add(value(line));
                }
            }
            ended.complete(null);
        } catch (RuntimeException e) {
            ended.completeExceptionally(e);
        }
    }

    private static String value(String line) {
        String value = line.substring(line.indexOf(':') + 1);
        return value.startsWith(" ") ? value.substring(1) : value;
    }

    @Override
    public void close() {
        if (!ended.isDone()) {
            response.body().close();
        }
    }
}
