package dev.mediaqueue.worker.generator.comfyui;

import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;
import dev.mediaqueue.worker.generator.GenerationException;
import dev.mediaqueue.worker.generator.comfyui.WorkflowReader.InvalidWorkflowException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkflowCatalogTest {

    /** The example workflows shipped in the repository's top-level folder. */
    static final Path EXAMPLES = Path.of("..", "workflows");

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private final MockEnvironment environment = new MockEnvironment();

    private WorkflowCatalog load(Path folder, Map<MediaType, String> defaults) {
        return WorkflowCatalog.load(folder, new WorkflowReader(MAPPER, environment::resolveRequiredPlaceholders), defaults);
    }

    @Test
    void shippedExamplesLoadAndEveryInputTheirDescriptorsNameExistsInTheirTemplates() throws IOException {
        WorkflowCatalog catalog = load(EXAMPLES, Map.of());

        assertThat(catalog.all()).containsOnlyKeys("sd35-large", "ltx-video", "stable-audio-open");
        assertThat(catalog.all().values()).extracting(Workflow::mediaType)
                .containsExactlyInAnyOrder(MediaType.IMAGE, MediaType.VIDEO, MediaType.AUDIO);
        for (Workflow workflow : catalog.all().values()) {
            JsonNode descriptor = MAPPER.readTree(Files.readString(EXAMPLES.resolve(workflow.configId()).resolve("descriptor.json")));
            assertThat(descriptor.findParents("node")).hasSizeGreaterThan(5).allSatisfy(ref -> {
                String node = ref.path("node").asString();
                String input = ref.path("input").asString();
                assertThat(workflow.template().path(node).path("inputs").has(input))
                        .as("%s: node %s input %s", workflow.configId(), node, input).isTrue();
            });
            assertThat(workflow.template().has(workflow.outputNode())).isTrue();
            assertThat(workflow.classOf(workflow.outputNode())).get().asString().startsWith("Save");
            assertThat(workflow.model()).as(workflow.configId() + " names its model").isPresent();
        }
    }

    @Test
    void examplesTakeTheJobsPromptSeedAndParams() throws GenerationException {
        Workflow image = load(EXAMPLES, Map.of()).find("sd35-large").orElseThrow();
        JobMessage job = job(MediaType.IMAGE, "sd35-large", Map.of("steps", 12, "width", 768, "negative_prompt", "fog"));

        ObjectNode prompt = image.toPrompt(job, 42);

        assertThat(prompt.path("6").path("inputs").path("text").asString()).isEqualTo("a lighthouse in a storm");
        assertThat(prompt.path("7").path("inputs").path("text").asString()).isEqualTo("fog");
        assertThat(prompt.path("3").path("inputs").path("seed").asLong()).isEqualTo(42);
        assertThat(prompt.path("3").path("inputs").path("steps").asInt()).isEqualTo(12);
        assertThat(prompt.path("5").path("inputs").path("width").asInt()).isEqualTo(768);
        assertThat(prompt.path("4").path("inputs").path("ckpt_name").asString()).isEqualTo("sd3.5_large.safetensors");
    }

    @Test
    void modelFileNamesAreSettingsOfTheWorker() {
        environment.setProperty("mediaqueue.comfyui.models.sd35-large.checkpoint", "sd3.5_large_fp8_scaled.safetensors");

        Workflow image = load(EXAMPLES, Map.of()).find("sd35-large").orElseThrow();

        assertThat(image.model()).contains("sd3.5_large_fp8_scaled.safetensors");
        assertThat(image.settings().get("clip_g").value()).isEqualTo("clip_g.safetensors");
    }

    @Test
    void unknownConfigIdFailsPermanentlyNamingTheKnownOnes() {
        WorkflowCatalog catalog = load(EXAMPLES, Map.of());

        assertThatThrownBy(() -> catalog.forJob(job(MediaType.IMAGE, "sdxl-turbo", Map.of())))
                .isInstanceOfSatisfying(GenerationException.class, e -> {
                    assertThat(e.kind()).isEqualTo(GenerationException.Kind.PERMANENT);
                    assertThat(e.getMessage()).isEqualTo("unknown config_id sdxl-turbo: no such ComfyUI workflow; "
                            + "known: [ltx-video, sd35-large, stable-audio-open]");
                });
    }

    @Test
    void configOfAnotherMediaTypeFailsPermanently() {
        WorkflowCatalog catalog = load(EXAMPLES, Map.of());

        assertThatThrownBy(() -> catalog.forJob(job(MediaType.VIDEO, "sd35-large", Map.of())))
                .isInstanceOf(GenerationException.class)
                .hasMessage("config_id sd35-large makes image, but the job is a video job");
    }

    @Test
    void jobWithoutConfigIdRunsTheDefaultOfItsMediaTypeOrFails() throws GenerationException {
        WorkflowCatalog catalog = load(EXAMPLES, Map.of(MediaType.VIDEO, "ltx-video"));

        assertThat(catalog.forJob(job(MediaType.VIDEO, null, Map.of())).configId()).isEqualTo("ltx-video");
        assertThatThrownBy(() -> catalog.forJob(job(MediaType.AUDIO, null, Map.of())))
                .hasMessageStartingWith("this worker runs ComfyUI workflows and needs a config_id for audio jobs");
    }

    @Test
    void defaultNamingAWorkflowOfAnotherTypeStopsTheWorker() {
        assertThatThrownBy(() -> load(EXAMPLES, Map.of(MediaType.AUDIO, "sd35-large")))
                .isInstanceOf(InvalidWorkflowException.class)
                .hasMessageContaining("default-configs.audio names sd35-large, which is no audio workflow");
    }

    @Test
    void descriptorNamingAnInputTheNodeDoesNotHaveStopsTheWorkerNamingTheInputsItHas() throws IOException {
        copyExample("sd35-large", "broken");
        replaceIn(dir.resolve("broken/descriptor.json"), "\"node\": \"3\", \"input\": \"seed\"", "\"node\": \"3\", \"input\": \"seeed\"");

        assertThatThrownBy(() -> load(dir, Map.of()))
                .isInstanceOf(InvalidWorkflowException.class)
                .hasMessageContaining("workflow broken")
                .hasMessageContaining("seed names input \"seeed\" of node 3 (KSampler), which has the inputs [cfg, denoise,");
    }

    @Test
    void descriptorNamingANodeTheTemplateDoesNotHaveStopsTheWorker() throws IOException {
        copyExample("sd35-large", "broken");
        replaceIn(dir.resolve("broken/descriptor.json"), "\"output_node\": \"9\"", "\"output_node\": \"99\"");

        assertThatThrownBy(() -> load(dir, Map.of()))
                .hasMessageContaining("output_node names node 99, which the template does not have");
    }

    @Test
    void templateInTheUiFormatIsRefusedWithAHintToExportItForTheApi() throws IOException {
        copyExample("sd35-large", "ui");
        Files.writeString(dir.resolve("ui/workflow.json"), "{\"last_node_id\": 9, \"nodes\": [], \"links\": []}");

        assertThatThrownBy(() -> load(dir, Map.of()))
                .hasMessageContaining("is in ComfyUI's UI format; export the workflow with \"Export (API)\"");
    }

    @Test
    void misspelledDescriptorFieldIsRefused() throws IOException {
        copyExample("sd35-large", "typo");
        replaceIn(dir.resolve("typo/descriptor.json"), "\"negative_prompt\":", "\"negativ_prompt\":");

        assertThatThrownBy(() -> load(dir, Map.of())).hasMessageContaining("unknown fields [negativ_prompt]");
    }

    @Test
    void missingOrEmptyWorkflowsFolderStopsTheWorker() {
        assertThatThrownBy(() -> load(dir.resolve("nope"), Map.of())).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> load(dir, Map.of())).hasMessageContaining("has no workflow");
    }

    private void copyExample(String name, String as) throws IOException {
        Files.createDirectories(dir.resolve(as));
        for (String file : new String[] {"workflow.json", "descriptor.json"}) {
            Files.copy(EXAMPLES.resolve(name).resolve(file), dir.resolve(as).resolve(file));
        }
    }

    private static void replaceIn(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    static JobMessage job(MediaType type, String configId, Map<String, Object> params) {
        return new JobMessage(UUID.randomUUID(), type, configId, "a lighthouse in a storm", "en", Priority.NORMAL,
                params, "tenant-a", Instant.now(), null, null);
    }
}
