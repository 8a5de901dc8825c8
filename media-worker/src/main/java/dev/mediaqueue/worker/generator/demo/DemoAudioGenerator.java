package dev.mediaqueue.worker.generator.demo;

import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.MediaType;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * Simulated audio job: a WAV (16-bit mono PCM, 22.05 kHz) of one short tone per step, notes of a
 * pentatonic scale picked from the prompt's letters.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class DemoAudioGenerator extends DemoGenerator {

    static final float SAMPLE_RATE = 22_050f;
    static final int NOTE_MILLIS = 200;

    private static final double[] PENTATONIC_HZ = {261.63, 293.66, 329.63, 392.00, 440.00, 523.25, 587.33, 659.25};

    DemoAudioGenerator(DemoProperties properties) {
        super(MediaType.AUDIO, properties);
    }

    @Override
    Rendering begin(JobMessage job) {
        return new AudioRendering(job.userInput(), new Random(seedOf(job)));
    }

    private static final class AudioRendering implements Rendering {

        private static final int SAMPLES_PER_NOTE = (int) (SAMPLE_RATE * NOTE_MILLIS / 1000);

        private final String prompt;
        private final int offset;
        private final byte[] pcm = new byte[STEPS * SAMPLES_PER_NOTE * 2];

        AudioRendering(String prompt, Random random) {
            this.prompt = prompt.isBlank() ? "demo" : prompt;
            this.offset = random.nextInt(PENTATONIC_HZ.length);
        }

        @Override
        public void step(int step) {
            double frequency = PENTATONIC_HZ[(prompt.charAt((step - 1) % prompt.length()) + offset) % PENTATONIC_HZ.length];
            int first = (step - 1) * SAMPLES_PER_NOTE;
            for (int i = 0; i < SAMPLES_PER_NOTE; i++) {
                double t = i / (double) SAMPLE_RATE;
                double envelope = Math.min(1, i / (SAMPLE_RATE * 0.01)) * Math.exp(-3.0 * i / SAMPLES_PER_NOTE);
                double sample = envelope * (0.7 * Math.sin(2 * Math.PI * frequency * t)
                        + 0.2 * Math.sin(4 * Math.PI * frequency * t));
                short value = (short) Math.round(sample * 0.6 * Short.MAX_VALUE);
                pcm[2 * (first + i)] = (byte) value;
                pcm[2 * (first + i) + 1] = (byte) (value >> 8);
            }
        }

        @Override
        public String describe(int step) {
            return "Synthesizing note " + step + "/" + STEPS;
        }

        @Override
        public String extension() {
            return "wav";
        }

        @Override
        public String contentType() {
            return "audio/wav";
        }

        @Override
        public Map<String, Object> write(Path file) throws IOException {
            AudioFormat format = new AudioFormat(SAMPLE_RATE, 16, 1, true, false);
            try (AudioInputStream audio = new AudioInputStream(new ByteArrayInputStream(pcm), format,
                    pcm.length / format.getFrameSize())) {
                AudioSystem.write(audio, AudioFileFormat.Type.WAVE, file.toFile());
            }
            return Map.of("sample_rate", (int) SAMPLE_RATE, "channels", 1, "duration_ms", STEPS * NOTE_MILLIS);
        }
    }
}
