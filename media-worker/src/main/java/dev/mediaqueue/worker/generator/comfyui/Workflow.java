package dev.mediaqueue.worker.generator.comfyui;

import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.worker.generator.GenerationException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A workflow a {@code config_id} runs: a template in ComfyUI's API format and, from its descriptor, where
 * the job's prompt, negative prompt, seed and params go, the settings (model file names) applied to
 * every run, and the node whose files are the result.
 *
 * @param configId        the folder name, which jobs name as {@code config_id}
 * @param mediaType       what the workflow makes
 * @param template        the API-format graph: node id → {@code {class_type, inputs}}; never changed
 * @param prompt          where the job's {@code user_input} goes
 * @param negativePrompt  where {@code params.negative_prompt} goes (the template's text stays when a job gives none)
 * @param seed            where the seed goes ({@code params.seed}, else a random one)
 * @param params          the other job params the workflow accepts, by name
 * @param settings        fixed values applied to every run, by name; {@code model} is reported in the result
 * @param outputNode      the node whose output files are the result
 * @param progressWeights node id → how much of the run the node takes, where the defaults by class do not fit
 */
record Workflow(String configId, MediaType mediaType, ObjectNode template, List<InputRef> prompt,
                List<InputRef> negativePrompt, List<InputRef> seed, Map<String, ParamBinding> params,
                Map<String, Setting> settings, String outputNode, Map<String, Integer> progressWeights) {

    static final String SEED_PARAM = "seed";
    static final String NEGATIVE_PROMPT_PARAM = "negative_prompt";
    /** Seeds stay within what JSON readers (and a JavaScript frontend) keep exactly. */
    static final long MAX_SEED = (1L << 53) - 1;

    private static final ParamBinding SEED = new ParamBinding(SEED_PARAM, ParamBinding.Type.INTEGER,
            BigDecimal.ZERO, BigDecimal.valueOf(MAX_SEED), List.of(), List.of());
    private static final ParamBinding NEGATIVE_PROMPT = new ParamBinding(NEGATIVE_PROMPT_PARAM,
            ParamBinding.Type.STRING, null, null, List.of(), List.of());

    /**
     * A fixed value of the workflow, such as a model file name.
     *
     * @param value   the value, with {@code ${property:default}} placeholders already resolved
     * @param targets where it goes
     */
    record Setting(String value, List<InputRef> targets) {
        Setting {
            targets = List.copyOf(targets);
        }
    }

    Workflow {
        prompt = List.copyOf(prompt);
        negativePrompt = List.copyOf(negativePrompt);
        seed = List.copyOf(seed);
        params = Map.copyOf(params);
        settings = Map.copyOf(settings);
        progressWeights = Map.copyOf(progressWeights);
    }

    /** The job's seed: {@code params.seed} when given, otherwise a random one from {@code random}. */
    long seedFor(JobMessage job, LongSupplier random) throws GenerationException {
        Object requested = job.params().get(SEED_PARAM);
        return requested == null ? Math.floorMod(random.getAsLong(), MAX_SEED + 1) : SEED.convert(requested).longValue();
    }

    /**
     * The prompt ComfyUI runs for {@code job}: a copy of the template with the settings, the job's texts,
     * the seed and the params the descriptor knows; params it does not know are ignored.
     *
     * @throws GenerationException (permanent) when a param has the wrong type or is out of range
     */
    ObjectNode toPrompt(JobMessage job, long seedValue) throws GenerationException {
        ObjectNode run = template.deepCopy();
        for (Setting setting : settings.values()) {
            setAll(run, setting.targets(), JsonNodeFactory.instance.stringNode(setting.value()));
        }
        setAll(run, prompt, JsonNodeFactory.instance.stringNode(job.userInput()));
        Object negative = job.params().get(NEGATIVE_PROMPT_PARAM);
        if (negative != null) {
            setAll(run, negativePrompt, NEGATIVE_PROMPT.convert(negative));
        }
        setAll(run, seed, JsonNodeFactory.instance.numberNode(seedValue));
        for (ParamBinding param : params.values()) {
            Object value = job.params().get(param.name());
            if (value != null) {
                setAll(run, param.targets(), param.convert(value));
            }
        }
        return run;
    }

    /** The value of the {@code model} setting, reported as the result's model. */
    Optional<String> model() {
        return Optional.ofNullable(settings.get("model")).map(Setting::value);
    }

    /** The class of a node of the template ({@code KSampler}), or empty for a node it does not have. */
    Optional<String> classOf(String nodeId) {
        JsonNode node = template.get(nodeId);
        return node == null ? Optional.empty() : Optional.of(node.path("class_type").asString(""));
    }

    private static void setAll(ObjectNode run, List<InputRef> targets, JsonNode value) {
        targets.forEach(target -> target.set(run, value));
    }
}
