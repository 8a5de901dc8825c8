package dev.mediaqueue.bench.scenario;

import dev.mediaqueue.bench.load.ClosedLoop;
import dev.mediaqueue.bench.load.LoadResult;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** N clients polling the status of random jobs, each as fast as answers come (a closed loop). */
final class PollLoad {

    private PollLoad() {
    }

    /**
     * Polls {@code GET <baseUrl>/api/job/<id>/status} for random ids; with {@code etags} each request
     * carries the job's current ETag in {@code If-None-Match} and expects 304, else it expects 200.
     */
    static LoadResult run(HttpClient client, String baseUrl, List<UUID> ids, Map<UUID, String> etags, int clients,
                          Duration warmup, Duration measure) throws InterruptedException {
        HttpRequest[] requests = new HttpRequest[ids.size()];
        for (int i = 0; i < requests.length; i++) {
            UUID id = ids.get(i);
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + "/api/job/" + id + "/status"))
                    .timeout(Duration.ofSeconds(30));
            if (etags != null) {
                builder.header("If-None-Match", etags.get(id));
            }
            requests[i] = builder.GET().build();
        }
        int expected = etags == null ? 200 : 304;
        String unexpected = "status %d instead of " + expected;
        return ClosedLoop.run(clients, warmup, measure, random -> {
            HttpResponse<byte[]> response = client.send(requests[random.nextInt(requests.length)],
                    HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() == expected ? null : unexpected.formatted(response.statusCode());
        });
    }
}
