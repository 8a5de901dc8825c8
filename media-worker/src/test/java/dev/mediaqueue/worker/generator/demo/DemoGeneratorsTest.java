package dev.mediaqueue.worker.generator.demo;

import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.worker.cancel.CancellationTokens;
import dev.mediaqueue.worker.generator.CancellationSignal;
import dev.mediaqueue.worker.generator.GeneratedMedia;
import dev.mediaqueue.worker.generator.GenerationException;
import dev.mediaqueue.worker.generator.OutputFiles;
import dev.mediaqueue.worker.generator.ResultStore;
import dev.mediaqueue.worker.generator.ResultsProperties;
import dev.mediaqueue.worker.testing.Jobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoGeneratorsTest {

    private static final DemoProperties LONG = new DemoProperties(Duration.ofMinutes(10));
    private static final Map<String, Object> INSTANT = Map.of("duration_ms", 0);

    @TempDir
    Path results;

    private final List<Integer> progress = new ArrayList<>();
    private final CancellationTokens tokens = new CancellationTokens();

    @Test
    void imageJobProducesAPngOfTheStatedSize() throws Exception {
        GeneratedMedia media = generate(new DemoImageGenerator(LONG), Jobs.job(MediaType.IMAGE, INSTANT));

        assertThat(media.contentType()).isEqualTo("image/png");
        assertThat(media.file().getFileName().toString()).endsWith(".png");
        assertThat(Files.readAllBytes(media.file())).startsWith(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
        BufferedImage image = ImageIO.read(media.file().toFile());
        assertThat(image.getWidth()).isEqualTo(512);
        assertThat(image.getHeight()).isEqualTo(512);
        assertThat(media.metadata()).containsEntry("simulated", true).containsEntry("width", 512);
    }

    @Test
    void audioJobProducesAWavOfSeveralSeconds() throws Exception {
        GeneratedMedia media = generate(new DemoAudioGenerator(LONG), Jobs.job(MediaType.AUDIO, INSTANT));

        byte[] bytes = Files.readAllBytes(media.file());
        assertThat(new String(bytes, 0, 4, "US-ASCII")).isEqualTo("RIFF");
        assertThat(new String(bytes, 8, 4, "US-ASCII")).isEqualTo("WAVE");
        try (AudioInputStream audio = AudioSystem.getAudioInputStream(media.file().toFile())) {
            double seconds = audio.getFrameLength() / audio.getFormat().getFrameRate();
            assertThat(seconds).isBetween(2.0, 10.0);
            assertThat(audio.getFormat().getSampleSizeInBits()).isEqualTo(16);
        }
        assertThat(media.contentType()).isEqualTo("audio/wav");
    }

    @Test
    void videoJobProducesAnAnimatedGifWithAFrameDelay() throws Exception {
        GeneratedMedia media = generate(new DemoVideoGenerator(LONG), Jobs.job(MediaType.VIDEO, INSTANT));

        assertThat(new String(Files.readAllBytes(media.file()), 0, 6, "US-ASCII")).isEqualTo("GIF89a");
        try (ImageInputStream stream = ImageIO.createImageInputStream(media.file().toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(stream);
            assertThat(reader.getNumImages(true)).isEqualTo(DemoGenerator.STEPS);
            assertThat(reader.getWidth(0)).isEqualTo(256);
            String metadata = dump(reader.getImageMetadata(1).getAsTree("javax_imageio_gif_image_1.0"));
            assertThat(metadata).contains("delayTime=" + DemoVideoGenerator.FRAME_DELAY_CENTISECONDS);
            reader.dispose();
        }
        assertThat(new String(Files.readAllBytes(media.file()), "ISO-8859-1")).contains("NETSCAPE2.0");
    }

    @Test
    void everyDemoReportsAtLeastTwentyNonDecreasingSteps() throws Exception {
        for (DemoGenerator generator : List.of(new DemoImageGenerator(LONG), new DemoAudioGenerator(LONG),
                new DemoVideoGenerator(LONG))) {
            progress.clear();
            generate(generator, Jobs.job(mediaTypeOf(generator), INSTANT));

            assertThat(progress).hasSizeGreaterThanOrEqualTo(20).isSorted().endsWith(100);
        }
    }

    @Test
    void jobDurationSpreadsTheStepsOverTime() throws Exception {
        long start = System.nanoTime();
        generate(new DemoImageGenerator(LONG), Jobs.job(MediaType.IMAGE, Map.of("duration_ms", 300)));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void cancellationStopsTheGeneratorBetweenSteps() {
        JobMessage job = Jobs.job(MediaType.VIDEO, Map.of("duration_ms", 600_000));
        CancellationSignal cancel = tokens.register(job.jobId());
        OutputFiles out = new ResultStore(new ResultsProperties(results)).open(job.jobId());

        assertThatThrownBy(() -> new DemoVideoGenerator(LONG).generate(job, (percent, message) -> {
            progress.add(percent);
            tokens.cancel(job.jobId());
        }, cancel, out)).isInstanceOf(CancellationException.class);

        // a ten-minute job: ending after its first step means the pause itself was cut short
        assertThat(progress).hasSize(1);
        assertThat(results).isEmptyDirectory();
    }

    @Test
    void stopFromAnotherThreadEndsALongStepAtOnceWithItsReason() {
        JobMessage job = Jobs.job(MediaType.IMAGE, Map.of("duration_ms", 600_000));
        CancellationSignal cancel = tokens.register(job.jobId());
        OutputFiles out = new ResultStore(new ResultsProperties(results)).open(job.jobId());
        long start = System.nanoTime();

        assertThatThrownBy(() -> new DemoImageGenerator(LONG).generate(job, (percent, message) ->
                new Thread(() -> tokens.stop(job.jobId(), CancellationSignal.Reason.TIMED_OUT)).start(), cancel, out))
                .isInstanceOf(CancellationException.class).hasMessage("timed out");

        // each step of this job lasts 25 s
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void durationOutsideTheAllowedRangeIsAPermanentFailure() {
        for (Object bad : List.of(-1, 600_001, "soon", 1.5)) {
            JobMessage job = Jobs.job(MediaType.AUDIO, Map.of("duration_ms", bad));

            assertThatThrownBy(() -> generate(new DemoAudioGenerator(LONG), job))
                    .isInstanceOfSatisfying(GenerationException.class,
                            e -> assertThat(e.kind()).isEqualTo(GenerationException.Kind.PERMANENT))
                    .hasMessageContaining("duration_ms");
        }
    }

    @Test
    void failParamFailsTheJobHalfWayWithThatKindOfFailure() {
        for (GenerationException.Kind kind : GenerationException.Kind.values()) {
            progress.clear();
            String name = kind.name().toLowerCase(Locale.ROOT);
            JobMessage job = Jobs.job(MediaType.IMAGE, Map.of("duration_ms", 0, "fail", name));

            assertThatThrownBy(() -> generate(new DemoImageGenerator(LONG), job))
                    .isInstanceOfSatisfying(GenerationException.class, e -> assertThat(e.kind()).isEqualTo(kind))
                    .hasMessageContaining("fail=" + name);
            assertThat(progress).hasSize(DemoGenerator.STEPS / 2);
        }
    }

    @Test
    void unknownFailParamIsAPermanentFailureBeforeAnyWork() {
        JobMessage job = Jobs.job(MediaType.VIDEO, Map.of("duration_ms", 0, "fail", "sometimes"));

        assertThatThrownBy(() -> generate(new DemoVideoGenerator(LONG), job))
                .isInstanceOfSatisfying(GenerationException.class,
                        e -> assertThat(e.kind()).isEqualTo(GenerationException.Kind.PERMANENT))
                .hasMessage("fail must be permanent or transient, was sometimes");
        assertThat(progress).isEmpty();
    }

    @Test
    void demoJobsTakeThreeSecondsUnlessConfiguredOtherwise() {
        DemoProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("mediaqueue.worker.demo", DemoProperties.class);

        assertThat(defaults.duration()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void eachGeneratorSupportsOnlyItsMediaType() {
        JobMessage image = Jobs.job(MediaType.IMAGE, Map.of());

        assertThat(new DemoImageGenerator(LONG).supports(image)).isTrue();
        assertThat(new DemoAudioGenerator(LONG).supports(image)).isFalse();
        assertThat(new DemoVideoGenerator(LONG).supports(image)).isFalse();
    }

    private GeneratedMedia generate(DemoGenerator generator, JobMessage job) throws GenerationException {
        OutputFiles out = new ResultStore(new ResultsProperties(results)).open(job.jobId());
        return generator.generate(job, (percent, message) -> progress.add(percent), tokens.register(job.jobId()), out);
    }

    private static MediaType mediaTypeOf(DemoGenerator generator) {
        for (MediaType type : MediaType.values()) {
            if (generator.supports(Jobs.job(type, Map.of()))) {
                return type;
            }
        }
        throw new IllegalStateException();
    }

    private static String dump(org.w3c.dom.Node node) {
        StringBuilder text = new StringBuilder(node.getNodeName());
        if (node.getAttributes() != null) {
            for (int i = 0; i < node.getAttributes().getLength(); i++) {
                text.append(' ').append(node.getAttributes().item(i).getNodeName()).append('=')
                        .append(node.getAttributes().item(i).getNodeValue());
            }
        }
        for (org.w3c.dom.Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
            text.append('\n').append(dump(child));
        }
        return text.toString();
    }
}
