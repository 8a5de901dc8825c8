package dev.mediaqueue.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumSet;
import java.util.Set;

import static dev.mediaqueue.model.JobState.CANCELLED;
import static dev.mediaqueue.model.JobState.COMPLETED;
import static dev.mediaqueue.model.JobState.FAILED;
import static dev.mediaqueue.model.JobState.QUEUED;
import static dev.mediaqueue.model.JobState.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

class JobStateTest {

    @Test
    void queuedMayStartBeCancelledOrFailButNothingElse() {
        assertMoves(QUEUED, EnumSet.of(RUNNING, CANCELLED, FAILED));
    }

    @Test
    void runningMayReportProgressBeRequeuedOrEnd() {
        assertMoves(RUNNING, EnumSet.of(RUNNING, QUEUED, COMPLETED, FAILED, CANCELLED));
    }

    @Test
    void completedNeverChanges() {
        assertMoves(COMPLETED, EnumSet.noneOf(JobState.class));
    }

    @Test
    void failedNeverChanges() {
        assertMoves(FAILED, EnumSet.noneOf(JobState.class));
    }

    @Test
    void cancelledNeverChanges() {
        assertMoves(CANCELLED, EnumSet.noneOf(JobState.class));
    }

    @ParameterizedTest
    @EnumSource(JobState.class)
    void aStateIsTerminalExactlyWhenItAllowsNoMove(JobState state) {
        boolean allowsSomeMove = EnumSet.allOf(JobState.class).stream().anyMatch(state::canMoveTo);
        assertThat(state.isTerminal()).isEqualTo(!allowsSomeMove);
    }

    @ParameterizedTest
    @EnumSource(JobState.class)
    void wireNamesAreLowerCaseAndParseBack(JobState state) {
        assertThat(state.wireName()).isEqualTo(state.name().toLowerCase());
        assertThat(JobState.parse(state.wireName())).contains(state);
        assertThat(JobState.parse(state.name())).isEmpty();
    }

    private static void assertMoves(JobState from, Set<JobState> allowed) {
        for (JobState to : JobState.values()) {
            assertThat(from.canMoveTo(to))
                    .as("%s -> %s", from, to)
                    .isEqualTo(allowed.contains(to));
        }
    }
}
