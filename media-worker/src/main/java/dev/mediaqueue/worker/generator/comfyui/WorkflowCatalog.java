package dev.mediaqueue.worker.generator.comfyui;

import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.worker.generator.GenerationException;
import dev.mediaqueue.worker.generator.comfyui.WorkflowReader.InvalidWorkflowException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The workflows this worker can run, by {@code config_id}: every sub-folder of the workflows folder with
 * a {@code descriptor.json}. Read once at start; a folder that cannot be used stops the worker with a
 * message naming it.
 */
final class WorkflowCatalog {

    private final Map<String, Workflow> byConfigId;
    private final Map<MediaType, String> defaults;

    WorkflowCatalog(Map<String, Workflow> byConfigId, Map<MediaType, String> defaults) {
        this.byConfigId = Collections.unmodifiableMap(new TreeMap<>(byConfigId));
        this.defaults = Map.copyOf(defaults);
        defaults.forEach((type, configId) -> {
            Workflow workflow = byConfigId.get(configId);
            if (workflow == null || workflow.mediaType() != type) {
                throw new InvalidWorkflowException("mediaqueue.comfyui.default-configs." + type.wireName() + " names "
                        + configId + ", which is no " + type.wireName() + " workflow of " + byConfigId.keySet());
            }
        });
    }

    /**
     * Reads every workflow folder in {@code directory}.
     *
     * @throws InvalidWorkflowException when the folder is missing, holds no workflow, or one of them is unusable
     */
    static WorkflowCatalog load(Path directory, WorkflowReader reader, Map<MediaType, String> defaults) {
        if (!Files.isDirectory(directory)) {
            throw new InvalidWorkflowException("the workflows folder " + directory.toAbsolutePath()
                    + " does not exist (mediaqueue.comfyui.workflows-dir)");
        }
        Map<String, Workflow> workflows = new TreeMap<>();
        try (Stream<Path> folders = Files.list(directory)) {
            folders.filter(folder -> Files.isRegularFile(folder.resolve(WorkflowReader.DESCRIPTOR)))
                    .map(reader::read)
                    .forEach(workflow -> workflows.put(workflow.configId(), workflow));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the workflows folder " + directory.toAbsolutePath(), e);
        }
        if (workflows.isEmpty()) {
            throw new InvalidWorkflowException("the workflows folder " + directory.toAbsolutePath()
                    + " has no workflow (a sub-folder with " + WorkflowReader.DESCRIPTOR + ")");
        }
        return new WorkflowCatalog(workflows, defaults);
    }

    /**
     * The workflow {@code job} runs: its {@code config_id}, or the default of its media type.
     *
     * @throws GenerationException (permanent) when there is none or it makes another media type
     */
    Workflow forJob(JobMessage job) throws GenerationException {
        String configId = job.configId() != null ? job.configId() : defaults.get(job.mediaType());
        if (configId == null) {
            throw GenerationException.permanent("this worker runs ComfyUI workflows and needs a config_id for "
                    + job.mediaType().wireName() + " jobs; known: " + byConfigId.keySet());
        }
        Workflow workflow = byConfigId.get(configId);
        if (workflow == null) {
            throw GenerationException.permanent("unknown config_id " + configId + ": no such ComfyUI workflow; known: "
                    + byConfigId.keySet());
        }
        if (workflow.mediaType() != job.mediaType()) {
            throw GenerationException.permanent("config_id " + configId + " makes " + workflow.mediaType().wireName()
                    + ", but the job is a " + job.mediaType().wireName() + " job");
        }
        return workflow;
    }

    Optional<Workflow> find(String configId) {
        return Optional.ofNullable(byConfigId.get(configId));
    }

    Map<String, Workflow> all() {
        return byConfigId;
    }
}
