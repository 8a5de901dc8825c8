package dev.mediaqueue.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScenariosTest {

    private static List<String> names(List<Scenario> scenarios) {
        return scenarios.stream().map(Scenario::name).toList();
    }

    @Test
    void everyScenarioOfTheIssueRunsByDefaultAfterTheBaselines() {
        assertThat(names(Scenarios.select(List.of()))).containsExactly("baseline-broker", "poll", "e2e",
                "dispatch", "progress", "submit", "replay", "memory");
    }

    @Test
    void aChosenScenarioBringsTheBaselineItIsComparedWith() {
        assertThat(names(Scenarios.select(List.of("dispatch")))).containsExactly("baseline-broker", "dispatch");
        assertThat(names(Scenarios.select(List.of("submit", "progress")))).containsExactly("baseline-broker", "progress", "submit");
    }

    @Test
    void scenariosThatMeasureTheirOwnBaselineRunAlone() {
        assertThat(names(Scenarios.select(List.of("memory", "replay", "poll")))).containsExactly("poll", "replay", "memory");
    }
}
