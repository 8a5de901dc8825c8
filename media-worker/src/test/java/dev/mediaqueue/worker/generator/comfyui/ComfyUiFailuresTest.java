package dev.mediaqueue.worker.generator.comfyui;

import dev.mediaqueue.worker.generator.GenerationException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ComfyUiFailuresTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @Test
    void rejectedPromptNamesEachNodeItsClassAndWhy() {
        JsonNode body = MAPPER.readTree("""
                {"error": {"type": "prompt_outputs_failed_validation", "message": "Prompt outputs failed validation",
                           "details": "", "extra_info": {}},
                 "node_errors": {"4": {"errors": [{"type": "value_not_in_list", "message": "Value not in list",
                                                   "details": "ckpt_name: 'sd3.5_large.safetensors' not in []",
                                                   "extra_info": {}}],
                                       "dependent_outputs": ["9"], "class_type": "CheckpointLoaderSimple"}}}""");

        GenerationException failure = ComfyUiFailures.rejected(body);

        assertThat(failure.kind()).isEqualTo(GenerationException.Kind.PERMANENT);
        assertThat(failure.getMessage()).isEqualTo("ComfyUI rejected the workflow: Prompt outputs failed validation: "
                + "node 4 (CheckpointLoaderSimple): Value not in list (ckpt_name: 'sd3.5_large.safetensors' not in [])");
    }

    @Test
    void rejectedPromptWithoutNodeErrorsSaysWhatTheServerSaid() {
        JsonNode body = MAPPER.readTree("""
                {"error": {"type": "missing_node_type", "message": "Node 'Fancy' not found. The custom node may not be installed.",
                           "details": "Node ID '#12'", "extra_info": {}}, "node_errors": {}}""");

        assertThat(ComfyUiFailures.rejected(body).getMessage()).isEqualTo("ComfyUI rejected the workflow: "
                + "Node 'Fancy' not found. The custom node may not be installed.: Node ID '#12'");
    }

    @Test
    void executionErrorIsPermanentAndNamesNodeClassAndException() {
        JsonNode data = MAPPER.readTree("""
                {"prompt_id": "p", "node_id": "8", "node_type": "VAEDecode", "executed": ["4"],
                 "exception_message": "Given groups=1, weight of size [512], expected input to have 16 channels\\n",
                 "exception_type": "RuntimeError", "traceback": ["..."], "current_inputs": {}, "current_outputs": []}""");

        GenerationException failure = ComfyUiFailures.executionError(data);

        assertThat(failure.kind()).isEqualTo(GenerationException.Kind.PERMANENT);
        assertThat(failure.getMessage()).isEqualTo("ComfyUI failed in node 8 (VAEDecode): RuntimeError: Given groups=1, "
                + "weight of size [512], expected input to have 16 channels");
    }

    @Test
    void outOfMemoryIsTransientWithoutComfyUisTips() {
        JsonNode data = MAPPER.readTree("""
                {"prompt_id": "p", "node_id": "3", "node_type": "KSampler",
                 "exception_message": "Allocation on device \\nThis error means you ran out of memory on your GPU.\\n\\nTIPS: If the workflow worked before you might have accidentally set the batch_size to a large number.",
                 "exception_type": "torch.OutOfMemoryError"}""");

        GenerationException failure = ComfyUiFailures.executionError(data);

        assertThat(failure.kind()).isEqualTo(GenerationException.Kind.TRANSIENT);
        assertThat(failure.getMessage()).startsWith("ComfyUI ran out of GPU memory in node 3 (KSampler): OutOfMemoryError: Allocation on device")
                .doesNotContain("TIPS");
    }

    @Test
    void lostPromptIsTransient() {
        assertThat(ComfyUiFailures.vanished("abc").kind()).isEqualTo(GenerationException.Kind.TRANSIENT);
    }
}
