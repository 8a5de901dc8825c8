package dev.mediaqueue.gateway.system;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

import java.beans.PropertyEditorSupport;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Job and batch ids in paths must be UUIDs in their canonical 36-character form. Spring's own conversion goes
 * through {@link UUID#fromString}, which also takes {@code 1-1-1-1-1} and trims {@code "<id> "}; such an id
 * is never one the gateway handed out, so it is a 400 like any other non-UUID rather than a 404. A custom
 * editor, because a failed conversion would otherwise fall back to the lenient default editor.
 */
@ControllerAdvice
class CanonicalUuidBinding {

    private static final Pattern CANONICAL = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @InitBinder
    void canonicalUuids(WebDataBinder binder) {
        binder.registerCustomEditor(UUID.class, new CanonicalUuidEditor());
    }

    static final class CanonicalUuidEditor extends PropertyEditorSupport {
        @Override
        public void setAsText(String text) {
            if (text == null || !CANONICAL.matcher(text).matches()) {
                throw new IllegalArgumentException("not a UUID in canonical form");
            }
            setValue(UUID.fromString(text));
        }
    }
}
