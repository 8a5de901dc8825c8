package dev.mediaqueue.bench;

import java.util.Locale;
import java.util.Optional;

/**
 * A figure a measurement should reach: a bound on its value, or on its ratio to its baseline.
 *
 * @param kind          what is bounded
 * @param threshold     the bound (a ratio for {@link Kind#RATIO_AT_LEAST}, e.g. 0.7)
 * @param fullScaleOnly whether the bound only means something in a run at scale 1 (e.g. "1 M events in 20 s")
 */
public record Target(Kind kind, double threshold, boolean fullScaleOnly) {

    public enum Kind { AT_LEAST, AT_MOST, RATIO_AT_LEAST }

    public static Target atLeast(double threshold) {
        return new Target(Kind.AT_LEAST, threshold, false);
    }

    public static Target atMost(double threshold) {
        return new Target(Kind.AT_MOST, threshold, false);
    }

    public static Target ratioAtLeast(double threshold) {
        return new Target(Kind.RATIO_AT_LEAST, threshold, false);
    }

    /** The same bound, judged only in a run at full scale. */
    public Target atFullScaleOnly() {
        return new Target(kind, threshold, true);
    }

    /** Whether {@code measurement} meets this target; empty when it cannot be judged. */
    public Optional<Boolean> isMetBy(Measurement measurement, double scale) {
        if (fullScaleOnly && scale < 1) {
            return Optional.empty();
        }
        return switch (kind) {
            case AT_LEAST -> Optional.of(measurement.value() >= threshold);
            case AT_MOST -> Optional.of(measurement.value() <= threshold);
            case RATIO_AT_LEAST -> measurement.ratio().map(ratio -> ratio >= threshold);
        };
    }

    /** The target as the table shows it, e.g. {@code ≤ 5 ms} or {@code ≥ 70 % of baseline}. */
    public String describe(String unit) {
        String text = switch (kind) {
            case AT_LEAST -> "≥ " + Numbers.format(threshold) + " " + unit;
            case AT_MOST -> "≤ " + Numbers.format(threshold) + " " + unit;
            case RATIO_AT_LEAST -> String.format(Locale.ROOT, "≥ %.0f %% of baseline", threshold * 100);
        };
        return fullScaleOnly ? text + " (scale 1)" : text;
    }
}
