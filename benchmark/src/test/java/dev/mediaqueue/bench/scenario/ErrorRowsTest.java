package dev.mediaqueue.bench.scenario;

import dev.mediaqueue.bench.Measurement;
import dev.mediaqueue.bench.Results;
import dev.mediaqueue.bench.load.Latencies;
import dev.mediaqueue.bench.load.LoadResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class ErrorRowsTest {

    @Test
    void theTotalIsJudgedAndEachKindGetsARowOfItsOwn() {
        Results results = new Results();
        LoadResult load = new LoadResult(100, 3, Duration.ofSeconds(1), new Latencies(),
                Map.of("status 200 instead of 304", 2L, "HttpTimeoutException: request timed out", 1L));

        ErrorRows.add(results, "poll", "304 errors, 8 clients", load);

        assertThat(results.measurements()).extracting(Measurement::metric, Measurement::value).containsExactly(
                tuple("304 errors, 8 clients", 3.0),
                tuple("304 errors, 8 clients: HttpTimeoutException: request timed out", 1.0),
                tuple("304 errors, 8 clients: status 200 instead of 304", 2.0));
        assertThat(results.measurements().get(0).met(1)).contains(false);
        assertThat(results.measurements().get(1).target()).isNull();
    }
}
