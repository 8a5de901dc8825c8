package dev.mediaqueue.worker.generator.comfyui;

import dev.mediaqueue.model.MediaType;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunProgressTest {

    private static final WorkflowCatalog EXAMPLES = WorkflowCatalog.load(WorkflowCatalogTest.EXAMPLES,
            new WorkflowReader(JsonMapper.builder().build(), new MockEnvironment()::resolveRequiredPlaceholders), Map.of());

    private final List<Integer> percents = new ArrayList<>();

    @Test
    void samplingStepsReadAsStepsAndTakeMostOfTheRun() {
        RunProgress progress = new RunProgress(EXAMPLES.find("sd35-large").orElseThrow());

        progress.started();
        record(progress);
        progress.cached(List.of("4", "11"));
        record(progress);
        for (String node : List.of("6", "7", "5")) {
            progress.executing(node);
            record(progress);
        }
        progress.executing("3");
        for (int step = 1; step <= 30; step++) {
            progress.step("3", step, 30);
            record(progress);
        }
        assertThat(progress.message()).isEqualTo("Sampling step 30/30");
        int afterSampling = progress.percent();
        progress.executing("8");
        record(progress);
        assertThat(progress.message()).isEqualTo("Decoding image");
        progress.executing("9");
        record(progress);
        assertThat(progress.message()).isEqualTo("Saving the image");
        progress.executed("9");
        progress.finished();
        record(progress);

        assertThat(percents).isSorted();
        assertThat(percents.get(0)).isEqualTo(RunProgress.RUN_FROM);
        assertThat(afterSampling).isBetween(80, 90);
        assertThat(progress.percent()).isEqualTo(RunProgress.RUN_TO);
        assertThat(progress.message()).isEqualTo("Fetching the image");
    }

    @Test
    void progressNeverGoesBackWhenANodeRestartsItsSteps() {
        RunProgress progress = new RunProgress(EXAMPLES.find("ltx-video").orElseThrow());
        progress.executing("72");
        progress.step("72", 20, 30);
        int before = progress.percent();

        progress.step("72", 3, 30);
        progress.executing("71");

        assertThat(progress.percent()).isGreaterThanOrEqualTo(before);
    }

    @Test
    void videoDecodingAndWaitingReadAsSuch() {
        RunProgress progress = new RunProgress(EXAMPLES.find("ltx-video").orElseThrow());

        progress.waiting(2);
        assertThat(progress.message()).isEqualTo("Waiting for the GPU (2 ahead in ComfyUI's queue)");
        assertThat(progress.percent()).isEqualTo(RunProgress.QUEUED);

        progress.executing("44");
        assertThat(progress.message()).isEqualTo("Loading models");
        progress.executing("8");
        assertThat(progress.message()).isEqualTo("Decoding video");
        progress.step("8", 1, 4);
        assertThat(progress.message()).isEqualTo("Decoding video 1/4");
    }

    @Test
    void stageOfANodeFollowsItsClass() {
        assertThat(RunProgress.Stage.of("KSampler")).isEqualTo(RunProgress.Stage.SAMPLING);
        assertThat(RunProgress.Stage.of("SamplerCustomAdvanced")).isEqualTo(RunProgress.Stage.SAMPLING);
        assertThat(RunProgress.Stage.of("KSamplerSelect")).isEqualTo(RunProgress.Stage.OTHER);
        assertThat(RunProgress.Stage.of("LTXVScheduler")).isEqualTo(RunProgress.Stage.OTHER);
        assertThat(RunProgress.Stage.of("VAEDecodeAudio")).isEqualTo(RunProgress.Stage.DECODING);
        assertThat(RunProgress.Stage.of("TripleCLIPLoader")).isEqualTo(RunProgress.Stage.LOADING);
        assertThat(RunProgress.Stage.of("SaveVideo")).isEqualTo(RunProgress.Stage.SAVING);
    }

    @Test
    void descriptorWeightsOverrideTheDefaults() {
        Workflow audio = EXAMPLES.find("stable-audio-open").orElseThrow();
        Workflow weighted = new Workflow(audio.configId(), MediaType.AUDIO, audio.template(), audio.prompt(),
                audio.negativePrompt(), audio.seed(), audio.params(), audio.settings(), audio.outputNode(),
                Map.of("3", 0, "12", 1000));
        RunProgress progress = new RunProgress(weighted);

        progress.executing("3");
        progress.step("3", 50, 50);
        progress.executing("12");

        assertThat(progress.percent()).isLessThan(10);
    }

    private void record(RunProgress progress) {
        percents.add(progress.percent());
    }
}
