package dev.mediaqueue.worker.generator;

import dev.mediaqueue.model.JobResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultStoreTest {

    @TempDir
    Path root;

    private final UUID jobId = UUID.randomUUID();

    private ResultStore store() {
        return new ResultStore(new ResultsProperties(root.resolve("results")));
    }

    @Test
    void outputIsNamedAfterTheJobInsideTheResultDirectory() {
        Path path = store().open(jobId).path("png");

        assertThat(path).isEqualTo(root.resolve("results").resolve(jobId + ".png").toAbsolutePath());
        assertThat(path.getParent()).isDirectory();
    }

    @Test
    void extensionThatCouldLeaveTheDirectoryIsRefused() {
        OutputFiles out = store().open(jobId);

        for (String bad : new String[] {"../png", "png/../../x", "", "p n g", "verylongextension"}) {
            assertThatThrownBy(() -> out.path(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void resultPointsToTheExportsUrlWithTheFileSize() throws Exception {
        OutputFiles out = store().open(jobId);
        Path file = out.path("wav");
        Files.write(file, new byte[1234]);

        JobResult result = store().resultOf(new GeneratedMedia(file, "audio/wav", Map.of("channels", 1)), out);

        assertThat(result.outputUrl()).isEqualTo("/exports/" + jobId + ".wav");
        assertThat(result.sizeBytes()).isEqualTo(1234);
        assertThat(result.contentType()).isEqualTo("audio/wav");
        assertThat(result.metadata()).containsEntry("channels", 1);
    }

    @Test
    void outputOutsideTheResultDirectoryIsRefused() throws Exception {
        OutputFiles out = store().open(jobId);
        out.path("png");
        Path outside = Files.writeString(root.resolve("secret.txt"), "x");

        assertThatThrownBy(() -> store().resultOf(new GeneratedMedia(outside, "text/plain", Map.of()), out))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("outside");
    }

    @Test
    void outputThatEscapesThroughASymbolicLinkIsRefused() throws Exception {
        OutputFiles out = store().open(jobId);
        Path inside = out.path("png");
        Path outside = Files.writeString(root.resolve("secret.txt"), "x");
        Files.createSymbolicLink(inside, outside);

        assertThatThrownBy(() -> store().resultOf(new GeneratedMedia(inside, "image/png", Map.of()), out))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void missingOutputIsRefused() {
        OutputFiles out = store().open(jobId);
        Path never = out.path("png");

        assertThatThrownBy(() -> store().resultOf(new GeneratedMedia(never, "image/png", Map.of()), out))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not exist");
    }

    @Test
    void discardRemovesWhatWasHandedOut() throws Exception {
        OutputFiles out = store().open(jobId);
        Path partial = Files.write(out.path("gif"), new byte[10]);

        store().discard(out);

        assertThat(partial).doesNotExist();
    }

    @Test
    void furtherOutputsOfAJobAreNumberedFromTwo() {
        OutputFiles out = store().open(jobId);

        assertThat(out.path("png", 0).getFileName().toString()).isEqualTo(jobId + ".png");
        assertThat(out.path("png", 1).getFileName().toString()).isEqualTo(jobId + "-2.png");
        assertThat(out.url(out.path("png", 2))).isEqualTo("/exports/" + jobId + "-3.png");
        assertThatThrownBy(() -> out.path("png", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void previewReplacesTheLastOneUnderANewUrlAndIsRemovedWithTheJob() throws Exception {
        OutputFiles out = store().open(jobId);
        Path preview = root.resolve("results").resolve(jobId + "-preview.jpg");

        String first = out.writePreview(new byte[] {1, 2}, "jpg");
        String second = out.writePreview(new byte[] {3}, "jpg");

        assertThat(first).isEqualTo("/exports/" + jobId + "-preview.jpg?v=1");
        assertThat(second).isEqualTo("/exports/" + jobId + "-preview.jpg?v=2");
        assertThat(Files.readAllBytes(preview)).containsExactly(3);
        try (var files = Files.list(root.resolve("results"))) {
            assertThat(files).containsExactly(preview);
        }
        out.removePreviews();
        assertThat(preview).doesNotExist();
    }

    @Test
    void discardingAFailedJobRemovesItsPreviewToo() throws Exception {
        ResultStore store = store();
        OutputFiles out = store.open(jobId);
        Files.writeString(out.path("png"), "partial");
        out.writePreview(new byte[] {1}, "png");

        store.discard(out);

        assertThat(root.resolve("results")).isEmptyDirectory();
    }
}
