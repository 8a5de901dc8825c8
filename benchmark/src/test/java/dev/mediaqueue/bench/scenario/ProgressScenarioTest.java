package dev.mediaqueue.bench.scenario;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressScenarioTest {

    @Test
    void theEventNumberIsReadFromTheGatewaysEtag() {
        assertThat(ProgressScenario.seqOf("\"1-27-completed\"")).isEqualTo(27);
        assertThat(ProgressScenario.seqOf("\"0-0-queued\"")).isZero();
    }
}
