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
}
