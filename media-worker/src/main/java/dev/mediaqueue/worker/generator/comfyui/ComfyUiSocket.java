package dev.mediaqueue.worker.generator.comfyui;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;

/**
 * Reads ComfyUI's websocket ({@code /ws?clientId=}) into {@link RunSignal}s.
 *
 * <p>Text messages are JSON {@code {"type", "data"}}. Binary messages start with a 4-byte big-endian event
 * type: {@code 1} (PREVIEW_IMAGE) is followed by a 4-byte image type ({@code 1} JPEG, {@code 2} PNG) and
 * the image; {@code 4} (PREVIEW_IMAGE_WITH_METADATA) by a 4-byte metadata length, JSON metadata holding
 * the {@code prompt_id}, and the image. Other binary events are ignored. A message may come in several
 * frames; they are joined before reading.
 */
final class ComfyUiSocket implements WebSocket.Listener {

    private static final Logger log = LoggerFactory.getLogger(ComfyUiSocket.class);

    static final int PREVIEW_IMAGE = 1;
    static final int PREVIEW_IMAGE_WITH_METADATA = 4;

    private final BlockingQueue<RunSignal> signals;
    private final JsonMapper mapper;
    private final long maxBinarySize;
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private boolean binaryTooLarge;

    ComfyUiSocket(BlockingQueue<RunSignal> signals, JsonMapper mapper, long maxBinarySize) {
        this.signals = signals;
        this.mapper = mapper;
        this.maxBinarySize = maxBinarySize;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            String message = text.toString();
            text.setLength(0);
            readEvent(message).ifPresent(signals::add);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        if (binary.size() + data.remaining() > maxBinarySize) {
            binaryTooLarge = true;
        } else {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binary.writeBytes(chunk);
        }
        if (last) {
            if (!binaryTooLarge) {
                readPreview(binary.toByteArray()).ifPresent(signals::add);
            }
            binary.reset();
            binaryTooLarge = false;
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        signals.add(new RunSignal.SocketClosed(this, "closed by ComfyUI (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")"));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        signals.add(new RunSignal.SocketClosed(this, "failed: " + error));
    }

    private Optional<RunSignal> readEvent(String message) {
        try {
            JsonNode json = mapper.readTree(message);
            String type = json.path("type").asString("");
            return type.isEmpty() ? Optional.empty() : Optional.of(new RunSignal.Event(type, json.path("data")));
        } catch (JacksonException e) {
            log.debug("Ignoring a websocket message that is not JSON: {}", ComfyUiClient.abbreviate(message));
            return Optional.empty();
        }
    }

    /** A preview from a binary message, or empty for other binary events and malformed ones. */
    Optional<RunSignal> readPreview(byte[] message) {
        ByteBuffer buffer = ByteBuffer.wrap(message);
        if (buffer.remaining() < 8) {
            return Optional.empty();
        }
        int event = buffer.getInt();
        if (event == PREVIEW_IMAGE) {
            String extension = buffer.getInt() == 2 ? "png" : "jpg";
            return Optional.of(new RunSignal.Preview(rest(buffer), extension, ""));
        }
        if (event == PREVIEW_IMAGE_WITH_METADATA) {
            int length = buffer.getInt();
            if (length < 0 || length > buffer.remaining()) {
                return Optional.empty();
            }
            byte[] metadata = new byte[length];
            buffer.get(metadata);
            try {
                JsonNode json = mapper.readTree(new String(metadata, StandardCharsets.UTF_8));
                String extension = "image/png".equals(json.path("image_type").asString("")) ? "png" : "jpg";
                return Optional.of(new RunSignal.Preview(rest(buffer), extension, json.path("prompt_id").asString("")));
            } catch (JacksonException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static byte[] rest(ByteBuffer buffer) {
        byte[] image = new byte[buffer.remaining()];
        buffer.get(image);
        return image;
    }
}
