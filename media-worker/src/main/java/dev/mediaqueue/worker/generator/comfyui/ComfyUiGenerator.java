package dev.mediaqueue.worker.generator.comfyui;

import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.worker.generator.CancellationSignal;
import dev.mediaqueue.worker.generator.GeneratedMedia;
import dev.mediaqueue.worker.generator.GenerationException;
import dev.mediaqueue.worker.generator.MediaGenerator;
import dev.mediaqueue.worker.generator.OutputFiles;
import dev.mediaqueue.worker.generator.ProgressReporter;
import dev.mediaqueue.worker.generator.comfyui.ComfyUiClient.ViewFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Runs a job as a ComfyUI workflow: builds the prompt from the job's workflow, queues it, follows it to
 * its end with progress and previews, and stores the output files in the result store.
 *
 * <p>When enabled it takes every job, before the demo generators: a job whose {@code config_id} names no
 * workflow fails at once with a permanent error that lists the known ones, instead of silently getting
 * a demo picture.
 *
 * <p>Several output files (a batch): the first is the result's file, all are listed in its metadata
 * ({@code outputs}). The metadata also holds the seed, the model, the prompt id and how long the run took.
 */
@Order(0)
final class ComfyUiGenerator implements MediaGenerator {

    private static final Logger log = LoggerFactory.getLogger(ComfyUiGenerator.class);

    private final WorkflowCatalog catalog;
    private final ComfyUiClient client;
    private final ComfyUiProperties properties;
    private final JsonMapper mapper;
    private final LongSupplier random;

    ComfyUiGenerator(WorkflowCatalog catalog, ComfyUiClient client, ComfyUiProperties properties, JsonMapper mapper,
                     LongSupplier random) {
        this.catalog = catalog;
        this.client = client;
        this.properties = properties;
        this.mapper = mapper;
        this.random = random;
    }

    @Override
    public boolean supports(JobMessage job) {
        return true;
    }

    @Override
    public String name() {
        return "comfyui";
    }

    @Override
    public GeneratedMedia generate(JobMessage job, ProgressReporter progress, CancellationSignal cancel, OutputFiles out)
            throws GenerationException {
        Workflow workflow = catalog.forJob(job);
        long seed = workflow.seedFor(job, random);
        ObjectNode prompt = workflow.toPrompt(job, seed);
        long started = System.nanoTime();
        RunProgress runProgress = new RunProgress(workflow);
        try (ComfyUiRun run = new ComfyUiRun(client, properties, mapper, runProgress, progress,
                preview -> storePreview(preview, out, progress))) {
            run.open();
            cancel.throwIfCancelled();
            cancel.onCancel(run::cancel);
            String promptId = run.submit(prompt);
            log.info("Queued workflow {} as prompt {} on ComfyUI at {}", workflow.configId(), promptId, client.base());
            JsonNode entry = run.await();
            List<Output> outputs = fetch(entry, workflow, out);
            Map<String, Object> metadata = metadata(job, workflow, promptId, seed, entry, outputs, started);
            Output first = outputs.get(0);
            return new GeneratedMedia(first.file(), first.contentType(), metadata);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw GenerationException.transientFailure("interrupted: the worker is stopping", e);
        } finally {
            out.removePreviews();
        }
    }

    /** An output file stored in the result store. */
    record Output(Path file, String url, String contentType, long sizeBytes) {
    }

    /** A file in a node's output: {@code {"filename", "subfolder", "type"}} under any key (images, gifs, audio…). */
    record FileRef(String filename, String subfolder, String type) {

        static List<FileRef> of(JsonNode nodeOutput) {
            List<FileRef> refs = new ArrayList<>();
            for (Map.Entry<String, JsonNode> entry : nodeOutput.properties()) {
                for (JsonNode item : entry.getValue().values()) {
                    if (item.path("filename").isString()) {
                        refs.add(new FileRef(item.path("filename").asString(), item.path("subfolder").asString(""),
                                item.path("type").asString("output")));
                    }
                }
            }
            return refs;
        }
    }

    private List<Output> fetch(JsonNode entry, Workflow workflow, OutputFiles out)
            throws GenerationException, InterruptedException {
        List<FileRef> refs = FileRef.of(entry.path("outputs").path(workflow.outputNode()));
        if (refs.isEmpty()) {
            throw GenerationException.permanent("the workflow's output node " + workflow.outputNode() + " ("
                    + workflow.classOf(workflow.outputNode()).orElse("?") + ") produced no file");
        }
        List<Output> outputs = new ArrayList<>();
        for (FileRef ref : refs) {
            String extension = ContentTypes.extensionOf(ref.filename());
            Path target = out.path(extension, outputs.size());
            try {
                ComfyUiClient.Download download = client.view(ref.filename(), ref.subfolder(), ref.type(), target);
                outputs.add(new Output(target, out.url(target), ContentTypes.of(extension, download.contentType()),
                        Files.size(target)));
            } catch (ViewFailedException e) {
                throw GenerationException.transientFailure(e.getMessage(), e);
            } catch (IOException e) {
                throw ComfyUiFailures.unreachable(client.base(), e);
            }
        }
        return outputs;
    }

    private static Map<String, Object> metadata(JobMessage job, Workflow workflow, String promptId, long seed,
                                                JsonNode entry, List<Output> outputs, long started) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("generator", "comfyui");
        metadata.put("config_id", workflow.configId());
        metadata.put("prompt_id", promptId);
        metadata.put("seed", seed);
        workflow.model().ifPresent(model -> metadata.put("model", model));
        Map<String, Object> params = new LinkedHashMap<>();
        workflow.params().keySet().stream().sorted().filter(job.params()::containsKey)
                .forEach(name -> params.put(name, job.params().get(name)));
        if (!params.isEmpty()) {
            metadata.put("params", params);
        }
        runMillis(entry).ifPresent(millis -> metadata.put("run_ms", millis));
        metadata.put("total_ms", (System.nanoTime() - started) / 1_000_000);
        metadata.put("outputs", outputs.stream().map(o -> Map.of("url", o.url(), "content_type", o.contentType(),
                "size_bytes", o.sizeBytes())).toList());
        return metadata;
    }

    /** How long ComfyUI ran the prompt, from the timestamps of its status messages (milliseconds). */
    private static OptionalLong runMillis(JsonNode entry) {
        Long start = null;
        Long end = null;
        for (JsonNode message : entry.path("status").path("messages").values()) {
            long timestamp = message.path(1).path("timestamp").asLong(-1);
            switch (message.path(0).asString("")) {
                case "execution_start" -> start = timestamp;
                case "execution_success" -> end = timestamp;
                default -> { }
            }
        }
        return start != null && end != null && start >= 0 && end >= start ? OptionalLong.of(end - start) : OptionalLong.empty();
    }

    private void storePreview(RunSignal.Preview preview, OutputFiles out, ProgressReporter progress) {
        if (preview.image().length == 0 || preview.image().length > properties.maxPreviewSize().toBytes()) {
            return;
        }
        try {
            progress.preview(out.writePreview(preview.image(), preview.extension()));
        } catch (IOException | RuntimeException e) {
            log.debug("Could not store a preview frame: {}", e.toString());
        }
    }
}
