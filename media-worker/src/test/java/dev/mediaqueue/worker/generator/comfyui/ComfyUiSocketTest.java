package dev.mediaqueue.worker.generator.comfyui;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;

import static org.assertj.core.api.Assertions.assertThat;

class ComfyUiSocketTest {

    private final ComfyUiSocket socket = new ComfyUiSocket(new LinkedBlockingQueue<>(), JsonMapper.builder().build(), 1 << 20);

    @Test
    void previewImageCarriesItsFormatAfterTheEventType() {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, 1, 2};

        assertThat(socket.readPreview(message(1, 1, jpeg))).get().isInstanceOfSatisfying(RunSignal.Preview.class, p -> {
            assertThat(p.extension()).isEqualTo("jpg");
            assertThat(p.image()).containsExactly(jpeg);
            assertThat(p.promptId()).isEmpty();
        });
        assertThat(socket.readPreview(message(1, 2, jpeg))).get()
                .extracting(p -> ((RunSignal.Preview) p).extension()).isEqualTo("png");
    }

    @Test
    void previewWithMetadataNamesItsPrompt() {
        byte[] metadata = "{\"node_id\":\"3\",\"prompt_id\":\"p-1\",\"image_type\":\"image/png\"}".getBytes(StandardCharsets.UTF_8);
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        ByteBuffer buffer = ByteBuffer.allocate(8 + metadata.length + png.length)
                .putInt(4).putInt(metadata.length).put(metadata).put(png);

        assertThat(socket.readPreview(buffer.array())).get().isInstanceOfSatisfying(RunSignal.Preview.class, p -> {
            assertThat(p.promptId()).isEqualTo("p-1");
            assertThat(p.extension()).isEqualTo("png");
            assertThat(p.image()).containsExactly(png);
        });
    }

    @Test
    void otherBinaryEventsAndTruncatedOnesAreIgnored() {
        assertThat(socket.readPreview(message(3, 0, new byte[] {1}))).isEmpty();
        assertThat(socket.readPreview(new byte[] {0, 0, 0, 1})).isEmpty();
        assertThat(socket.readPreview(ByteBuffer.allocate(8).putInt(4).putInt(99).array())).isEmpty();
    }

    private static byte[] message(int event, int format, byte[] image) {
        return ByteBuffer.allocate(8 + image.length).putInt(event).putInt(format).put(image).array();
    }
}
