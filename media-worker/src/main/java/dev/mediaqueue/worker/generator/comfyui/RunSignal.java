package dev.mediaqueue.worker.generator.comfyui;

import tools.jackson.databind.JsonNode;

/** Something that happened to a run while the generator waits: a server event, a dropped socket, a cancel. */
sealed interface RunSignal {

    /** A JSON websocket message: {@code {"type": ..., "data": {...}}}. */
    record Event(String type, JsonNode data) implements RunSignal {
    }

    /** A preview image from a binary websocket message; {@code promptId} is empty when the server sent none. */
    record Preview(byte[] image, String extension, String promptId) implements RunSignal {
    }

    /** The websocket read by {@code source} closed or failed. */
    record SocketClosed(Object source, String reason) implements RunSignal {
    }

    /** The job was cancelled. */
    record CancelRequested() implements RunSignal {
    }
}
