package dev.mediaqueue.worker;

import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.JobState;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;
import dev.mediaqueue.testing.RabbitBroker;
import dev.mediaqueue.worker.testing.Jobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

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

    @RegisterExtension
    static final WorkerTestBed bed = new WorkerTestBed();
    static final RabbitBroker broker = bed.broker();
    static final Path results = bed.results();

    @DynamicPropertySource
    static void brokerAndResults(DynamicPropertyRegistry registry) {
        bed.register(registry);
    }

    @Test
    void highPriorityJobRunsBeforeLowOnesThatWaitedLonger() {
        JobMessage blocker = Jobs.job(MediaType.IMAGE, Priority.NORMAL, Map.of("duration_ms", 1500));
        bed.client().publishJob(blocker);
        await().atMost(Duration.ofSeconds(30)).until(() -> bed.client().firstOf(blocker.jobId(), JobState.RUNNING).isPresent());

        List<JobMessage> low = Stream.generate(() -> Jobs.job(MediaType.IMAGE, Priority.LOW, Map.of("duration_ms", 0)))
                .limit(3).toList();
        JobMessage high = Jobs.job(MediaType.IMAGE, Priority.HIGH, Map.of("duration_ms", 0));
        low.forEach(bed.client()::publishJob);
        bed.client().publishJob(high);

        await().atMost(Duration.ofSeconds(30)).until(() -> Stream.concat(low.stream(), Stream.of(high, blocker))
                .allMatch(job -> bed.client().terminalOf(job.jobId()).isPresent()));
        // one consumer runs one job at a time, so start times give the order the queue handed them out
        Instant highStarted = startOf(high);
        assertThat(low).allSatisfy(job -> assertThat(startOf(job)).isAfter(highStarted));
        assertThat(highStarted).isAfter(startOf(blocker));
    }

    private static Instant startOf(JobMessage job) {
        return bed.client().firstOf(job.jobId(), JobState.RUNNING).orElseThrow().startedAt();
    }

}
