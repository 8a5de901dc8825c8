package dev.mediaqueue.worker.generator.comfyui;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One input of one node in a workflow template: where a descriptor puts a value.
 *
 * @param node  the node id, as in the template ({@code "6"})
 * @param input the input name in the node's {@code inputs} ({@code "text"})
 */
record InputRef(String node, String input) {

    /** Sets this input in {@code prompt}, a copy of the template that has the node (checked at load). */
    void set(ObjectNode prompt, JsonNode value) {
        ((ObjectNode) prompt.get(node).get("inputs")).set(input, value);
    }

    @Override
    public String toString() {
        return "node " + node + " input " + input;
    }
}
