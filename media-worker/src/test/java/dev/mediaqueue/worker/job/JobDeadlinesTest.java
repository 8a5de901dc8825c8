package dev.mediaqueue.worker.job;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class JobDeadlinesTest {

    @ParameterizedTest
    @CsvSource({"PT5M,5m", "PT30M,30m", "PT1H,1h", "PT90S,90s", "PT0.25S,250ms", "PT1H30M,90m", "PT0S,0s"})
    void limitsAreWrittenInTheirLargestWholeUnit(Duration limit, String text) {
        assertThat(JobDeadlines.format(limit)).isEqualTo(text);
    }
}
