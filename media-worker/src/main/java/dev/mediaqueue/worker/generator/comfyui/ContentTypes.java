package dev.mediaqueue.worker.generator.comfyui;

import org.jspecify.annotations.Nullable;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The content type of an output file by its extension, as the gateway serves it. */
final class ContentTypes {

    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,10}");
    private static final String UNKNOWN = "application/octet-stream";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("webp", "image/webp"), Map.entry("gif", "image/gif"),
            Map.entry("mp4", "video/mp4"), Map.entry("webm", "video/webm"), Map.entry("mov", "video/quicktime"),
            Map.entry("mkv", "video/x-matroska"),
            Map.entry("wav", "audio/wav"), Map.entry("flac", "audio/flac"), Map.entry("mp3", "audio/mpeg"),
            Map.entry("ogg", "audio/ogg"), Map.entry("opus", "audio/ogg"), Map.entry("m4a", "audio/mp4"));

    private ContentTypes() {
    }

    /** The file name's extension if it is a safe one (1–10 lower-case letters or digits), else {@code bin}. */
    static String extensionOf(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String extension = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return EXTENSION.matcher(extension).matches() ? extension : "bin";
    }

    /** By extension; for one this list does not know, what the server said, or a generic binary type. */
    static String of(String extension, @Nullable String served) {
        String known = BY_EXTENSION.get(extension);
        if (known != null) {
            return known;
        }
        return served == null || served.isBlank() ? UNKNOWN : served.split(";")[0].trim();
    }
}
