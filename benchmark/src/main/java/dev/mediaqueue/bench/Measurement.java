package dev.mediaqueue.bench;

import java.util.Optional;

/**
 * One figure of a run: a scenario's metric, its value, and optionally the baseline figure it is
 * compared with and the target it should reach.
 *
 * @param scenario the scenario that measured it, e.g. {@code poll}
 * @param metric   what was measured, e.g. {@code req/s, 8 clients}
 * @param unit     the value's unit, e.g. {@code ms}
 * @param value    the figure
 * @param baseline the same kind of figure from a baseline of the same run, or null
 * @param target   the figure it should reach, or null
 */
public record Measurement(String scenario, String metric, String unit, double value, Measurement baseline,
                          Target target) {

    public static Measurement of(String scenario, String metric, String unit, double value) {
        return new Measurement(scenario, metric, unit, value, null, null);
    }

    public Measurement against(Measurement baseline) {
        return new Measurement(scenario, metric, unit, value, baseline, target);
    }

    public Measurement target(Target target) {
        return new Measurement(scenario, metric, unit, value, baseline, target);
    }

    /** value ÷ baseline value, when there is a baseline that is not zero. */
    public Optional<Double> ratio() {
        if (baseline == null || baseline.value() == 0) {
            return Optional.empty();
        }
        return Optional.of(value / baseline.value());
    }

    public Optional<Boolean> met(double scale) {
        return target == null ? Optional.empty() : target.isMetBy(this, scale);
    }
}
