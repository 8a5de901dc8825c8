package dev.mediaqueue.worker.generator.comfyui;

import dev.mediaqueue.model.MediaType;
import org.jspecify.annotations.Nullable;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns ComfyUI's execution events for one prompt into job progress: a percentage that never goes back
 * and a line a person understands ("Sampling step 15/30", "Decoding video").
 *
 * <p>The run's share of the job is {@value #RUN_FROM}–{@value #RUN_TO} %: each node of the template has a
 * weight by what it does (sampling most, decoding next, loading models a little, the rest barely), nodes
 * ComfyUI reports as cached count as done, and the node that is executing counts with the fraction its
 * {@code progress} events give. The remaining few percent are for fetching the result.
 */
final class RunProgress {

    static final int QUEUED = 1;
    static final int RUN_FROM = 3;
    static final int RUN_TO = 95;

    private static final Pattern SAMPLER = Pattern.compile("(K?Sampler(Custom)?(Advanced)?|.*Sampler)");
    private static final Pattern HELPER = Pattern.compile(".*(Select|Scheduler)");
    private static final Pattern DECODE = Pattern.compile("VAEDecode.*");
    private static final Pattern LOADER = Pattern.compile(".*Loader.*");
    private static final Pattern ENCODE = Pattern.compile(".*TextEncode.*");
    private static final Pattern SAVE = Pattern.compile("(Save|Preview|Create).*");

    /** What a node does, for its weight and its progress line. */
    enum Stage {
        SAMPLING(100), DECODING(15), LOADING(5), SAVING(3), ENCODING(2), OTHER(1);

        final int weight;

        Stage(int weight) {
            this.weight = weight;
        }

        static Stage of(String classType) {
            if (HELPER.matcher(classType).matches()) {
                return OTHER;
            }
            if (SAMPLER.matcher(classType).matches()) {
                return SAMPLING;
            }
            if (DECODE.matcher(classType).matches()) {
                return DECODING;
            }
            if (LOADER.matcher(classType).matches()) {
                return LOADING;
            }
            if (ENCODE.matcher(classType).matches()) {
                return ENCODING;
            }
            return SAVE.matcher(classType).matches() ? SAVING : OTHER;
        }
    }

    private final Workflow workflow;
    private final String noun;
    private final Map<String, Integer> weights = new HashMap<>();
    private final Set<String> done = new HashSet<>();
    private final int totalWeight;
    private @Nullable String current;
    private double currentFraction;
    private int percent;
    private String message;

    RunProgress(Workflow workflow) {
        this.workflow = workflow;
        this.noun = noun(workflow.mediaType());
        int total = 0;
        for (String node : workflow.template().propertyNames()) {
            int weight = workflow.progressWeights().getOrDefault(node, stageOf(node).weight);
            weights.put(node, weight);
            total += weight;
        }
        this.totalWeight = Math.max(1, total);
        this.message = "Queued in ComfyUI";
        this.percent = QUEUED;
    }

    /** The prompt waits in ComfyUI's queue behind {@code ahead} others (unknown: negative). */
    void waiting(int ahead) {
        message = ahead > 0 ? "Waiting for the GPU (" + ahead + " ahead in ComfyUI's queue)" : "Queued in ComfyUI";
    }

    /** {@code execution_start}. */
    void started() {
        advance(RUN_FROM, "Starting");
    }

    /** {@code execution_cached}: these nodes will not run; their outputs are reused. */
    void cached(Iterable<String> nodes) {
        nodes.forEach(done::add);
        update(message);
    }

    /** {@code executing} with a node: the node before it is done. */
    void executing(String node) {
        finishCurrent();
        current = node;
        currentFraction = 0;
        update(describe(node, null, null));
    }

    /** {@code progress}: {@code value} of {@code max} steps of {@code node}. */
    void step(@Nullable String node, double value, double max) {
        if (node != null && !node.equals(current)) {
            executing(node);
        }
        if (max > 0) {
            currentFraction = Math.max(currentFraction, Math.min(1, value / max));
        }
        update(current == null ? "Step " + format(value) + "/" + format(max) : describe(current, value, max));
    }

    /** {@code executed}: the node produced its output. */
    void executed(String node) {
        done.add(node);
        if (node.equals(current)) {
            current = null;
            currentFraction = 0;
        }
        update(message);
    }

    /** The run finished in ComfyUI: only fetching the output is left. */
    void finished() {
        finishCurrent();
        advance(RUN_TO, "Fetching the " + noun);
    }

    int percent() {
        return percent;
    }

    String message() {
        return message;
    }

    private void finishCurrent() {
        if (current != null) {
            done.add(current);
            current = null;
            currentFraction = 0;
        }
    }

    private void update(String line) {
        int doneWeight = done.stream().mapToInt(node -> weights.getOrDefault(node, 0)).sum();
        double running = current == null ? 0 : weights.getOrDefault(current, 0) * currentFraction;
        double share = Math.min(1, (doneWeight + running) / totalWeight);
        advance(RUN_FROM + (int) Math.floor(share * (RUN_TO - RUN_FROM)), line);
    }

    private void advance(int candidate, String line) {
        percent = Math.max(percent, Math.min(RUN_TO, candidate));
        message = line;
    }

    private String describe(String node, @Nullable Double value, @Nullable Double max) {
        String classType = workflow.classOf(node).orElse("");
        String steps = value == null || max == null ? "" : " " + format(value) + "/" + format(max);
        return switch (stageOf(node)) {
            case SAMPLING -> value == null ? "Sampling" : "Sampling step" + steps;
            case DECODING -> "Decoding " + noun + steps;
            case LOADING -> "Loading models" + steps;
            case SAVING -> "Saving the " + noun + steps;
            case ENCODING -> "Encoding the prompt" + steps;
            case OTHER -> (classType.isEmpty() ? "Running node " + node : "Running " + classType) + steps;
        };
    }

    private Stage stageOf(String node) {
        return workflow.classOf(node).map(Stage::of).orElse(Stage.OTHER);
    }

    private static String noun(MediaType type) {
        return switch (type) {
            case IMAGE -> "image";
            case VIDEO -> "video";
            case AUDIO -> "audio";
        };
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format("%.1f", value);
    }
}
