package dev.mediaqueue.bench.load;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The load generator's HTTP client: the JDK's {@link HttpClient}, HTTP/1.1 with keep-alive, the way a
 * browser or a backend-for-frontend talks to the gateway.
 */
public final class Http {

    private Http() {
    }

    /** A client whose pool opens up to as many keep-alive connections as there are concurrent requests. */
    public static HttpClient newClient(ExecutorService executor) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor)
                .build();
    }

    /** A client with its own daemon thread pool. */
    public static HttpClient newClient() {
        return newClient(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "http-client");
            thread.setDaemon(true);
            return thread;
        }));
    }
}
