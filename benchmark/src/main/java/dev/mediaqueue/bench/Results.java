package dev.mediaqueue.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The measurements of a run in the order they were taken, plus free-form details per scenario. */
public final class Results {

    private final List<Measurement> measurements = new ArrayList<>();
    private final Map<String, Object> details = new LinkedHashMap<>();

    public synchronized Measurement add(Measurement measurement) {
        measurements.add(measurement);
        return measurement;
    }

    /** A measurement taken earlier in this run, e.g. a baseline. */
    public synchronized Optional<Measurement> find(String scenario, String metric) {
        return measurements.stream().filter(m -> m.scenario().equals(scenario) && m.metric().equals(metric)).findFirst();
    }

    /** The baseline measurement, or null when its scenario did not run (the figure then has no ratio). */
    public Measurement baseline(String scenario, String metric) {
        return find(scenario, metric).orElse(null);
    }

    public synchronized void detail(String key, Object value) {
        details.put(key, value);
    }

    public synchronized List<Measurement> measurements() {
        return List.copyOf(measurements);
    }

    public synchronized Map<String, Object> details() {
        return new LinkedHashMap<>(details);
    }
}
