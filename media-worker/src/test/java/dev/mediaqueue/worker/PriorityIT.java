package dev.mediaqueue.worker;

import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;
import dev.mediaqueue.testing.RabbitBroker;
import dev.mediaqueue.worker.testing.Jobs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A worker that is busy lets the job queue order waiting jobs by priority. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "mediaqueue.worker.media-types=image",
        "mediaqueue.worker.demo.duration=0ms"})
@DirtiesContext
class PriorityIT {

    static final RabbitBroker broker = RabbitBroker.create();
    static final Path results = temporaryDirectory();
    static BrokerClient client;

    @DynamicPropertySource
    static void brokerAndResults(DynamicPropertyRegistry registry) {
        broker.springProperties().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("mediaqueue.results.dir", results::toString);
    }

    @BeforeAll
    static void connect() {
        client = BrokerClient.connect(broker);
    }

    @AfterAll
    static void close() throws IOException {
        client.close();
        broker.close();
        FileSystemUtils.deleteRecursively(results);
    }

    @Test
    void highPriorityJobRunsBeforeLowOnesThatWaitedLonger() {
        JobMessage blocker = Jobs.job(MediaType.IMAGE, Priority.NORMAL, Map.of("duration_ms", 1500));
        client.publishJob(blocker);
        await().atMost(Duration.ofSeconds(30)).until(() -> client.firstOf(blocker.jobId(), JobState.RUNNING).isPresent());

        List<JobMessage> low = Stream.generate(() -> Jobs.job(MediaType.IMAGE, Priority.LOW, Map.of("duration_ms", 0)))
                .limit(3).toList();
        JobMessage high = Jobs.job(MediaType.IMAGE, Priority.HIGH, Map.of("duration_ms", 0));
        low.forEach(client::publishJob);
        client.publishJob(high);

        await().atMost(Duration.ofSeconds(30)).until(() -> Stream.concat(low.stream(), Stream.of(high, blocker))
                .allMatch(job -> client.terminalOf(job.jobId()).isPresent()));
        // one consumer runs one job at a time, so start times give the order the queue handed them out
        Instant highStarted = startOf(high);
        assertThat(low).allSatisfy(job -> assertThat(startOf(job)).isAfter(highStarted));
        assertThat(highStarted).isAfter(startOf(blocker));
    }

    private static Instant startOf(JobMessage job) {
        return client.firstOf(job.jobId(), JobState.RUNNING).orElseThrow().startedAt();
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("priority-it-results");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
