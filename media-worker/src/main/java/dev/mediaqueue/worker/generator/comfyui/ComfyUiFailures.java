package dev.mediaqueue.worker.generator.comfyui;

import dev.mediaqueue.worker.generator.GenerationException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sorts what ComfyUI reports into failures a person can read, permanent or transient.
 *
 * <p>Permanent: the workflow was refused ({@code node_errors} from {@code POST /prompt}) or a node failed
 * ({@code execution_error}): the same job would fail again. Transient: the GPU ran out of memory, the
 * server could not be reached, or it lost the prompt (restarted): a later try may well succeed.
 */
final class ComfyUiFailures {

    static final int MAX_LENGTH = 1000;

    private ComfyUiFailures() {
    }

    /**
     * The failure of a prompt {@code POST /prompt} refused. Its body is {@code {"error": {type, message,
     * details}, "node_errors": {node id: {class_type, errors: [{message, details}]}}}} (older servers
     * send {@code error} as text).
     */
    static GenerationException rejected(JsonNode body) {
        JsonNode error = body.path("error");
        String summary = error.isObject() ? error.path("message").asString("invalid prompt") : error.asString("invalid prompt");
        List<String> nodes = nodeErrors(body.path("node_errors"));
        String text = "ComfyUI rejected the workflow: " + summary
                + (nodes.isEmpty() ? detailsOf(error) : ": " + String.join("; ", nodes));
        return GenerationException.permanent(limit(text));
    }

    /** The failure of a prompt ComfyUI took but answered with {@code node_errors} for some outputs. */
    static GenerationException partlyRejected(JsonNode nodeErrors) {
        return GenerationException.permanent(limit("ComfyUI rejected part of the workflow: "
                + String.join("; ", nodeErrors(nodeErrors))));
    }

    /**
     * The failure of a node while the prompt ran: {@code execution_error} data {@code {prompt_id, node_id,
     * node_type, exception_type, exception_message, ...}}; running out of GPU memory is transient.
     */
    static GenerationException executionError(JsonNode data) {
        String node = data.path("node_id").asString("?");
        String type = data.path("node_type").asString("");
        String exceptionType = data.path("exception_type").asString("");
        String message = firstParagraph(data.path("exception_message").asString(""));
        String where = "node " + node + (type.isEmpty() ? "" : " (" + type + ")");
        String exception = (shortName(exceptionType) + ": " + message).replaceAll("^: |: $", "");
        if (isOutOfMemory(exceptionType, message)) {
            return GenerationException.transientFailure(limit("ComfyUI ran out of GPU memory in " + where + ": "
                    + exception), null);
        }
        return GenerationException.permanent(limit("ComfyUI failed in " + where + ": " + exception));
    }

    /** The run was interrupted on the server, but not by this job's cancel. */
    static GenerationException interruptedElsewhere(JsonNode data) {
        String node = data.path("node_id").asString("?");
        String type = data.path("node_type").asString("");
        return GenerationException.permanent("the run was interrupted on the ComfyUI server in node " + node
                + (type.isEmpty() ? "" : " (" + type + ")") + ", not by cancelling this job");
    }

    static GenerationException unreachable(URI server, IOException cause) {
        return GenerationException.transientFailure("ComfyUI at " + server + " is unreachable: " + describe(cause), cause);
    }

    static GenerationException unreachableFor(URI server, java.time.Duration duration, IOException cause) {
        return GenerationException.transientFailure("ComfyUI at " + server + " has been unreachable for "
                + duration.toSeconds() + " s while the job ran: " + describe(cause), cause);
    }

    static GenerationException vanished(String promptId) {
        return GenerationException.transientFailure("ComfyUI lost the run (prompt " + promptId
                + " is neither queued nor in its history): the server was probably restarted", null);
    }

    static boolean isOutOfMemory(String exceptionType, String message) {
        String text = (exceptionType + " " + message).toLowerCase(Locale.ROOT);
        return text.contains("outofmemory") || text.contains("out of memory") || text.contains("allocation on device");
    }

    private static List<String> nodeErrors(JsonNode nodeErrors) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, JsonNode> node : nodeErrors.properties()) {
            String type = node.getValue().path("class_type").asString("");
            List<String> reasons = new ArrayList<>();
            node.getValue().path("errors").values().forEach(error -> reasons.add(reason(error)));
            lines.add("node " + node.getKey() + (type.isEmpty() ? "" : " (" + type + ")") + ": "
                    + (reasons.isEmpty() ? "invalid" : String.join(", ", reasons)));
        }
        return lines;
    }

    private static String reason(JsonNode error) {
        String message = error.path("message").asString("");
        String details = error.path("details").asString("");
        return details.isEmpty() ? message : message + " (" + details + ")";
    }

    private static String detailsOf(JsonNode error) {
        String details = error.isObject() ? error.path("details").asString("") : "";
        return details.isBlank() ? "" : ": " + firstParagraph(details);
    }

    private static String shortName(String exceptionType) {
        int dot = exceptionType.lastIndexOf('.');
        return dot < 0 ? exceptionType : exceptionType.substring(dot + 1);
    }

    private static String firstParagraph(String text) {
        String trimmed = text.strip();
        int blank = trimmed.indexOf("\n\n");
        return (blank < 0 ? trimmed : trimmed.substring(0, blank)).replaceAll("\\s+", " ");
    }

    private static String describe(IOException cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    private static String limit(String text) {
        return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH - 1) + "…" : text;
    }
}
