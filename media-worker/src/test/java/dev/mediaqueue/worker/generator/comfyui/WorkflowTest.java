package dev.mediaqueue.worker.generator.comfyui;

import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.worker.generator.GenerationException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;

import static dev.mediaqueue.worker.generator.comfyui.WorkflowCatalogTest.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkflowTest {

    private final Workflow video = WorkflowCatalog.load(WorkflowCatalogTest.EXAMPLES,
            new WorkflowReader(JsonMapper.builder().build(), new MockEnvironment()::resolveRequiredPlaceholders), Map.of())
            .find("ltx-video").orElseThrow();

    @Test
    void paramGoesToEveryInputItNames() throws GenerationException {
        ObjectNode prompt = video.toPrompt(job(MediaType.VIDEO, "ltx-video", Map.of("frame_rate", 24)), 1);

        assertThat(prompt.path("69").path("inputs").path("frame_rate").asDouble()).isEqualTo(24.0);
        assertThat(prompt.path("78").path("inputs").path("fps").asDouble()).isEqualTo(24.0);
    }

    @Test
    void templateIsNeverChangedByARun() throws GenerationException {
        String before = video.template().toString();

        video.toPrompt(job(MediaType.VIDEO, "ltx-video", Map.of("steps", 5, "negative_prompt", "x")), 7);

        assertThat(video.template().toString()).isEqualTo(before);
    }

    @Test
    void paramsTheWorkflowDoesNotKnowAreIgnored() throws GenerationException {
        ObjectNode prompt = video.toPrompt(job(MediaType.VIDEO, "ltx-video", Map.of("duration_ms", 5, "style", "noir")), 1);

        assertThat(prompt.toString()).doesNotContain("noir");
    }

    @Test
    void paramOfTheWrongTypeOrOutOfRangeFailsPermanently() {
        assertPermanent(Map.of("steps", "many"), "param steps must be a whole number, was many");
        assertPermanent(Map.of("steps", 2.5), "param steps must be a whole number, was 2.5");
        assertPermanent(Map.of("steps", 500), "param steps must be from 1 to 100, was 500");
        assertPermanent(Map.of("length", 3), "param length must be from 9 to 257, was 3");
        assertPermanent(Map.of("negative_prompt", 5), "param negative_prompt must be a text of at most 4000 characters, was 5");
    }

    @Test
    void wholeNumberGivenAsTextOrDecimalIsAccepted() throws GenerationException {
        ObjectNode prompt = video.toPrompt(job(MediaType.VIDEO, "ltx-video", Map.of("steps", "12", "length", 49.0)), 1);

        assertThat(prompt.path("71").path("inputs").path("steps").asLong()).isEqualTo(12);
        assertThat(prompt.path("70").path("inputs").path("length").asLong()).isEqualTo(49);
    }

    @Test
    void seedComesFromTheJobOrIsRandomWithinTheSafeRange() throws GenerationException {
        assertThat(video.seedFor(job(MediaType.VIDEO, "ltx-video", Map.of("seed", 1234)), () -> 99)).isEqualTo(1234);
        assertThat(video.seedFor(job(MediaType.VIDEO, "ltx-video", Map.of()), () -> -1L))
                .isBetween(0L, Workflow.MAX_SEED);
        assertThatThrownBy(() -> video.seedFor(job(MediaType.VIDEO, "ltx-video", Map.of("seed", -1)), () -> 0))
                .hasMessage("param seed must be from 0 to 9007199254740991, was -1");

        ObjectNode prompt = video.toPrompt(job(MediaType.VIDEO, "ltx-video", Map.of()), 1234);
        assertThat(prompt.path("72").path("inputs").path("noise_seed").asLong()).isEqualTo(1234);
    }

    private void assertPermanent(Map<String, Object> params, String message) {
        assertThatThrownBy(() -> video.toPrompt(job(MediaType.VIDEO, "ltx-video", params), 1))
                .isInstanceOfSatisfying(GenerationException.class,
                        e -> assertThat(e.kind()).isEqualTo(GenerationException.Kind.PERMANENT))
                .hasMessage(message);
    }
}
