package dev.mediaqueue.bench.scenario;

import dev.mediaqueue.bench.Measurement;
import dev.mediaqueue.bench.Results;
import dev.mediaqueue.bench.Target;
import dev.mediaqueue.bench.load.LoadResult;

/**
 * The errors of a load run as rows of the results: the total (target 0) and one row per kind of error,
 * so the table, the JSON and the CSV say what went wrong, not only how often.
 */
final class ErrorRows {

    private ErrorRows() {
    }

    /** Adds {@code <metric>} with the total and {@code <metric>: <kind>} for each kind that occurred. */
    static void add(Results results, String scenario, String metric, LoadResult load) {
        results.add(Measurement.of(scenario, metric, "", load.errors()).target(Target.atMost(0)));
        load.errorKinds().forEach((kind, count) -> results.add(Measurement.of(scenario, metric + ": " + kind, "", count)));
    }
}
