package dev.mediaqueue.worker.generator.comfyui;

import dev.mediaqueue.model.MediaType;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Reads one workflow folder ({@code descriptor.json} and its API-format template) and checks that every
 * node and input the descriptor names exists in the template, so a mistake stops the worker at start
 * with a message instead of failing jobs later.
 */
final class WorkflowReader {

    static final String DESCRIPTOR = "descriptor.json";
    static final String DEFAULT_TEMPLATE = "workflow.json";

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Set<String> RESERVED_PARAMS = Set.of(Workflow.SEED_PARAM, Workflow.NEGATIVE_PROMPT_PARAM);
    private static final Set<String> DESCRIPTOR_KEYS = Set.of("description", "media_type", "workflow", "prompt",
            "negative_prompt", "seed", "output_node", "params", "settings", "progress_weights");
    private static final Set<String> PARAM_KEYS = Set.of("description", "type", "min", "max", "values", "targets");
    private static final Set<String> SETTING_KEYS = Set.of("description", "value", "targets");

    private final JsonMapper mapper;
    private final UnaryOperator<String> placeholders;

    /**
     * @param placeholders resolves {@code ${name:default}} in setting values (the worker's configuration)
     */
    WorkflowReader(JsonMapper mapper, UnaryOperator<String> placeholders) {
        this.mapper = mapper;
        this.placeholders = placeholders;
    }

    /**
     * The workflow in {@code folder}, whose name is its config id.
     *
     * @throws InvalidWorkflowException when the folder's files are missing, unreadable or inconsistent
     */
    Workflow read(Path folder) {
        String configId = folder.getFileName().toString();
        try {
            JsonNode descriptor = readJson(folder.resolve(DESCRIPTOR));
            onlyKnownKeys(descriptor, DESCRIPTOR_KEYS, DESCRIPTOR);
            String templateName = descriptor.path("workflow").asString(DEFAULT_TEMPLATE);
            if (!FILE_NAME.matcher(templateName).matches() || templateName.startsWith(".")) {
                throw new InvalidWorkflowException("\"workflow\" must name a file in the same folder, was " + templateName);
            }
            ObjectNode template = apiFormat(readJson(folder.resolve(templateName)), templateName);
            return new Checked(template).workflow(configId, descriptor);
        } catch (InvalidWorkflowException e) {
            throw new InvalidWorkflowException("workflow " + configId + " (" + folder.toAbsolutePath() + "): "
                    + e.getMessage(), e);
        }
    }

    private JsonNode readJson(Path file) {
        try {
            return mapper.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new InvalidWorkflowException("cannot read " + file.getFileName() + ": " + e);
        } catch (JacksonException e) {
            throw new InvalidWorkflowException(file.getFileName() + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The template, if it is in API format: node id → {@code {class_type, inputs}}. */
    private static ObjectNode apiFormat(JsonNode template, String name) {
        if (template.has("nodes") && template.has("links")) {
            throw new InvalidWorkflowException(name + " is in ComfyUI's UI format; export the workflow with "
                    + "\"Export (API)\" instead");
        }
        if (!(template instanceof ObjectNode object) || object.isEmpty()) {
            throw new InvalidWorkflowException(name + " must be a JSON object of nodes (ComfyUI's API format)");
        }
        for (Map.Entry<String, JsonNode> node : object.properties()) {
            if (!node.getValue().path("class_type").isString() || !node.getValue().path("inputs").isObject()) {
                throw new InvalidWorkflowException(name + ": node " + node.getKey()
                        + " needs a \"class_type\" and an \"inputs\" object (ComfyUI's API format)");
            }
        }
        return object;
    }

    /** Reads the descriptor's parts against one template. */
    private final class Checked {

        private final ObjectNode template;

        Checked(ObjectNode template) {
            this.template = template;
        }

        Workflow workflow(String configId, JsonNode descriptor) {
            MediaType mediaType = mediaType(descriptor.path("media_type"));
            List<InputRef> prompt = refs(descriptor.path("prompt"), "prompt");
            if (prompt.isEmpty()) {
                throw new InvalidWorkflowException("\"prompt\" must name at least one input for the job's text");
            }
            String outputNode = text(descriptor.path("output_node"), "output_node");
            node(outputNode, "output_node");
            return new Workflow(configId, mediaType, template, prompt,
                    refs(descriptor.path("negative_prompt"), "negative_prompt"),
                    refs(descriptor.path("seed"), "seed"),
                    params(descriptor.path("params")), settings(descriptor.path("settings")), outputNode,
                    weights(descriptor.path("progress_weights")));
        }

        private MediaType mediaType(JsonNode value) {
            return MediaType.parse(value.asString("")).orElseThrow(() ->
                    new InvalidWorkflowException("\"media_type\" must be image, video or audio, was " + value));
        }

        private Map<String, ParamBinding> params(JsonNode params) {
            Map<String, ParamBinding> bindings = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> param : fields(params, "params")) {
                String name = param.getKey();
                if (RESERVED_PARAMS.contains(name)) {
                    throw new InvalidWorkflowException("param " + name + " is built in; bind it with \"" + name + "\"");
                }
                JsonNode spec = param.getValue();
                String where = "params." + name;
                onlyKnownKeys(spec, PARAM_KEYS, where);
                ParamBinding.Type type;
                try {
                    type = ParamBinding.Type.of(text(spec.path("type"), where + ".type"));
                } catch (IllegalArgumentException e) {
                    throw new InvalidWorkflowException(where + ".type must be integer, number, string or boolean");
                }
                List<String> values = new ArrayList<>();
                spec.path("values").values().forEach(v -> values.add(v.asString()));
                List<InputRef> targets = refs(spec.path("targets"), where + ".targets");
                if (targets.isEmpty()) {
                    throw new InvalidWorkflowException(where + ".targets must name at least one input");
                }
                bindings.put(name, new ParamBinding(name, type, number(spec.path("min")), number(spec.path("max")),
                        values, targets));
            }
            return bindings;
        }

        private Map<String, Workflow.Setting> settings(JsonNode settings) {
            Map<String, Workflow.Setting> resolved = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> setting : fields(settings, "settings")) {
                String where = "settings." + setting.getKey();
                onlyKnownKeys(setting.getValue(), SETTING_KEYS, where);
                String value;
                try {
                    value = placeholders.apply(text(setting.getValue().path("value"), where + ".value"));
                } catch (IllegalArgumentException e) {
                    throw new InvalidWorkflowException(where + ".value: " + e.getMessage());
                }
                resolved.put(setting.getKey(), new Workflow.Setting(value,
                        refs(setting.getValue().path("targets"), where + ".targets")));
            }
            return resolved;
        }

        private Map<String, Integer> weights(JsonNode weights) {
            Map<String, Integer> byNode = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> weight : fields(weights, "progress_weights")) {
                node(weight.getKey(), "progress_weights");
                if (!weight.getValue().canConvertToInt() || weight.getValue().asInt() < 0) {
                    throw new InvalidWorkflowException("progress_weights." + weight.getKey() + " must be a whole number ≥ 0");
                }
                byNode.put(weight.getKey(), weight.getValue().asInt());
            }
            return byNode;
        }

        /** One {@code {"node", "input"}} or a list of them; missing → none. */
        private List<InputRef> refs(JsonNode value, String where) {
            if (value.isMissingNode() || value.isNull()) {
                return List.of();
            }
            List<JsonNode> items = value.isArray() ? List.copyOf(value.values()) : List.of(value);
            List<InputRef> refs = new ArrayList<>();
            for (JsonNode item : items) {
                String node = nodeId(item.path("node"), where);
                String input = text(item.path("input"), where + ".input");
                JsonNode inputs = node(node, where).path("inputs");
                if (!inputs.has(input)) {
                    throw new InvalidWorkflowException(where + " names input \"" + input + "\" of node " + node + " ("
                            + node(node, where).path("class_type").asString() + "), which has the inputs "
                            + new TreeSet<>(inputs.propertyNames()));
                }
                refs.add(new InputRef(node, input));
            }
            return refs;
        }

        private JsonNode node(String id, String where) {
            JsonNode node = template.get(id);
            if (node == null) {
                throw new InvalidWorkflowException(where + " names node " + id + ", which the template does not have "
                        + "(it has " + new TreeSet<>(template.propertyNames()) + ")");
            }
            return node;
        }
    }

    private static void onlyKnownKeys(JsonNode object, Set<String> known, String where) {
        if (!object.isObject()) {
            throw new InvalidWorkflowException("\"" + where + "\" must be an object");
        }
        Set<String> unknown = new TreeSet<>(object.propertyNames());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new InvalidWorkflowException(where + " has unknown fields " + unknown + "; known are " + new TreeSet<>(known));
        }
    }

    private static String nodeId(JsonNode value, String where) {
        return value.isNumber() ? value.asString() : text(value, where + ".node");
    }

    private static String text(JsonNode value, String where) {
        if (!value.isString() || value.asString().isBlank()) {
            throw new InvalidWorkflowException("\"" + where + "\" must be a text");
        }
        return value.asString();
    }

    private static @Nullable BigDecimal number(JsonNode value) {
        return value.isNumber() ? value.decimalValue() : null;
    }

    private static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode value, String where) {
        if (value.isMissingNode() || value.isNull()) {
            return List.of();
        }
        if (!value.isObject()) {
            throw new InvalidWorkflowException("\"" + where + "\" must be an object");
        }
        return value.properties();
    }

    /** A workflow folder that cannot be used, with a message that says what to fix. */
    static final class InvalidWorkflowException extends RuntimeException {
        InvalidWorkflowException(String message) {
            super(message);
        }

        InvalidWorkflowException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
