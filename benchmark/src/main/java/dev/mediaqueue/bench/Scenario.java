package dev.mediaqueue.bench;

import java.util.List;

/** One part of the suite: sets up what it needs, measures, records its figures, and cleans up. */
public interface Scenario {

    String name();

    /** The baseline scenarios whose figures this one is compared with. */
    default List<String> baselines() {
        return List.of();
    }

    void run(Bench bench, Results results) throws Exception;
}
