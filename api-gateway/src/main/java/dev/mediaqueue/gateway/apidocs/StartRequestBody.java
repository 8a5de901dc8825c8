package dev.mediaqueue.gateway.apidocs;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The documented body of a job start, shared by {@code /api/job/start} and {@code /api/run}. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@RequestBody(required = true, description = """
        `media_type` (image|video|audio) may be left out when `config_id` names a configuration with a known media
        type; `priority` (low|normal|high|urgent) defaults to normal; `params` is a flat object of generator
        settings. Unknown fields are rejected with 400.""",
        content = @Content(mediaType = "application/json", schema = @Schema(ref = "#/components/schemas/StartJobRequest"),
                examples = @ExampleObject(name = "video", value = ApiExamples.START_REQUEST)))
public @interface StartRequestBody {
}
