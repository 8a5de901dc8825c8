package dev.mediaqueue.bench.scenario;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EndToEndScenarioTest {

    @Test
    void eventsInRisingOrderAreInOrderWhateverTheGatewaysQueuedEvent() {
        List<String> events = List.of("queued(0,0)", "running(1,1)", "running(1,2)", "completed(1,3)");

        assertThat(EndToEndScenario.isOutOfOrder(events)).isFalse();
        assertThat(EndToEndScenario.isTerminalBeforeRunning(events)).isFalse();
    }

    @Test
    void aLaterEventBeforeAnEarlierOneIsOutOfOrder() {
        assertThat(EndToEndScenario.isOutOfOrder(List.of("queued(0,0)", "running(1,1)", "completed(1,3)", "running(1,2)"))).isTrue();
    }

    @Test
    void aTerminalEventBeforeRunningIsTheCaseAGatewayCannotRecoverFrom() {
        List<String> events = List.of("queued(0,0)", "completed(1,4)", "running(1,1)", "running(1,2)", "running(1,3)");

        assertThat(EndToEndScenario.isOutOfOrder(events)).isTrue();
        assertThat(EndToEndScenario.isTerminalBeforeRunning(events)).isTrue();
    }
}
