package dev.mediaqueue.gateway.apidocs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BinarySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import dev.mediaqueue.model.WireFormat;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * The API description served at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}): the
 * operations come from the controllers' annotations; this adds the title, the shared problem
 * responses (RFC 9457) and the result downloads, which a resource handler serves, not a controller.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

    static {
        // generator settings (params): any JSON object
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new ObjectSchema().description("generator settings"));
    }

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";
    private static final String BEARER = "bearer";
    private static final String API_KEY = "apiKey";

    @Bean
    OpenAPI mediaqueueOpenApi() {
        return new OpenAPI()
                .info(new Info().title("mediaqueue gateway API").version("v1").description("""
                        Start AI media generation jobs (image, video, audio) and follow them until they are done.
                        A start answers at once (202); the work runs on GPU workers. Follow a job by polling its
                        status (ETag/304, `poll_after_ms`, optional long poll `?wait=N`) or by its event stream.
                        Every answer arrives well inside Cloudflare's 100 s origin limit. Errors are
                        `application/problem+json` (RFC 9457)."""))
                // relative: "try it out" goes to the origin the page came from, whatever proxy is in front
                .servers(List.of(new Server().url("/")))
                // an API key in either header (none in open mode); Swagger UI's "Authorize" takes it
                .security(List.of(new SecurityRequirement().addList(BEARER), new SecurityRequirement().addList(API_KEY)))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("`Authorization: Bearer <API key>`"))
                        .addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-API-Key").description("The same API key in its own header"))
                        .addSchemas("Problem", problemSchema())
                        .addResponses("BadRequest", problem("The request is invalid; `errors` lists every offending field.",
                                Map.of("invalid field", """
                                        {"type":"about:blank","title":"Bad Request","status":400,
                                         "detail":"invalid request: media_type: must be one of image, video, audio, was 'gif'",
                                         "instance":"/api/job/start",
                                         "errors":[{"field":"media_type","detail":"must be one of image, video, audio, was 'gif'"}]}""",
                                        "unreadable body", """
                                        {"type":"about:blank","title":"Bad Request","status":400,
                                         "detail":"unknown field 'prority'","instance":"/api/job/start"}""")))
                        .addResponses("NotFound", problem("No job with this id (or it is older than the status retention).",
                                Map.of("unknown job", """
                                        {"type":"about:blank","title":"Not Found","status":404,
                                         "detail":"no job with id 3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55",
                                         "instance":"/api/job/3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55/status"}""")))
                        .addResponses("StillLoading", problem("The gateway is still reading the job history after a start; "
                                        + "retry after `Retry-After` seconds.",
                                Map.of("replay running", """
                                        {"type":"about:blank","title":"Service Unavailable","status":503,
                                         "detail":"the gateway is still loading job statuses; job 3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55 may not be known yet",
                                         "instance":"/api/job/3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55/status"}"""))
                                .addHeaderObject("Retry-After", retryAfter()))
                        .addResponses("BrokerRefused", problem("The job queue did not take the job; nothing was started.",
                                Map.of("broker unavailable", """
                                        {"type":"about:blank","title":"Service Unavailable","status":503,
                                         "detail":"the job queue did not accept the job; nothing was started, retry in 5 s",
                                         "instance":"/api/job/start"}"""))
                                .addHeaderObject("Retry-After", retryAfter()))
                        .addResponses("ContentTooLarge", problem("The request body is over the limit (64 KB by default).",
                                Map.of("too large", """
                                        {"type":"about:blank","title":"Content Too Large","status":413,
                                         "detail":"the request body is larger than 65536 bytes","instance":"/api/job/start"}""")))
                        .addResponses("UnsupportedMediaType", problem("The body is not `application/json`.",
                                Map.of("not json", """
                                        {"type":"about:blank","title":"Unsupported Media Type","status":415,
                                         "detail":"Content-Type 'text/plain' is not supported.","instance":"/api/job/start"}"""))));
    }

    /**
     * Reads the models with snake_case names, as the API writes them: the models name their JSON with
     * Jackson 3's {@code @JsonNaming}, which the description generator (on Jackson 2) does not see.
     */
    @Bean
    ModelResolver snakeCaseModels() {
        return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    }

    /** {@code GET /exports/{file}}: result files, served by Spring's resource handling. */
    @Bean
    OpenApiCustomizer resultDownloads() {
        return openApi -> openApi.path("/exports/{file}", new PathItem().get(new Operation()
                .operationId("download")
                .tags(List.of("results"))
                .summary("Download a result file")
                .description("The signed `output_url` (or `preview_url`) of a job's status, valid for at least an hour: "
                        + "no API key needed, so `<img src>` and `<video src>` can use it. Content type by extension; "
                        + "`Range` requests are honoured (seeking in video and audio). Files are kept for the result "
                        + "retention (24 h by default).")
                .security(List.of())
                .addParametersItem(new Parameter().in("path").name("file").required(true)
                        .schema(new StringSchema()).example("3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55.gif"))
                .addParametersItem(new Parameter().in("query").name("exp").required(true)
                        .description("Expiry of the URL, epoch seconds").schema(new IntegerSchema()).example(1795885200))
                .addParametersItem(new Parameter().in("query").name("sig").required(true)
                        .description("Signature of path and expiry").schema(new StringSchema())
                        .example("gEbjQz5Gy0NS3uQUVJsxCdk-A_gPth89sEMqs4VcL1c"))
                .addParametersItem(new Parameter().in("header").name("Range").required(false)
                        .schema(new StringSchema()).example("bytes=0-1023"))
                .responses(new ApiResponses()
                        .addApiResponse("200", new ApiResponse().description("The file")
                                .content(new Content().addMediaType("*/*", new MediaType().schema(new BinarySchema()))))
                        .addApiResponse("206", new ApiResponse().description("The requested range")
                                .content(new Content().addMediaType("*/*", new MediaType().schema(new BinarySchema()))))
                        .addApiResponse("403", problem("The signature was right but the URL expired; the job's status has a fresh one.",
                                Map.of("expired", """
                                        {"type":"about:blank","title":"Forbidden","status":403,
                                         "detail":"this result URL expired at 2026-11-28T16:00:00Z; the job's status has a fresh output_url",
                                         "instance":"/exports/3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55.gif"}""")))
                        .addApiResponse("404", problem("No such file, or the URL is not signed or was changed.",
                                Map.of("unsigned", """
                                        {"type":"about:blank","title":"Not Found","status":404,
                                         "detail":"no result file at this URL; result files are served only at the signed output_url of the job's status",
                                         "instance":"/exports/3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55.gif"}"""))))));
    }

    /**
     * The 429 of the rate budgets and the queued-job cap on every operation that spends them (docs/guide/limits.md);
     * added here rather than on each controller method, so the list follows the budgets in one place.
     */
    @Bean
    OpenApiCustomizer rateLimitedResponses() {
        return openApi -> {
            openApi.getComponents().addResponses("TooManyRequests", problem("""
                            Over a limit of the caller: its start or poll budget is used up, or it has its most jobs \
                            queued (`limit` says which). Nothing was done; retry after `Retry-After` seconds.""",
                    Map.of("start budget", """
                            {"type":"about:blank","title":"Too Many Requests","status":429,
                             "detail":"too many job starts: the budget of 120 per minute (bursts of 50) is used up; retry in 1 s",
                             "instance":"/api/job/start","limit":"start_rate"}""",
                            "queued cap", """
                            {"type":"about:blank","title":"Too Many Requests","status":429,
                             "detail":"too many jobs waiting: 500 of at most 500 are queued; retry when some have started, or cancel some",
                             "instance":"/api/job/start","limit":"queued_jobs"}"""))
                    .addHeaderObject("Retry-After", retryAfter()));
            openApi.getPaths().forEach((path, item) -> {
                if (RATE_LIMITED_PATHS.contains(path)) {
                    item.readOperations().forEach(operation -> operation.getResponses()
                            .addApiResponse("429", new ApiResponse().$ref(ApiExamples.TOO_MANY_REQUESTS)));
                }
            });
        };
    }

    private static final List<String> RATE_LIMITED_PATHS = List.of("/api/job/start", "/api/run", "/api/job/batch",
            "/api/job/{id}/status", "/api/job/{id}/events", "/api/job/{id}/cancel", "/api/jobs", "/api/job/batch/{id}");

    private static ApiResponse problem(String description, Map<String, String> examples) {
        MediaType media = new MediaType().schema(new Schema<>().$ref(PROBLEM_SCHEMA));
        examples.forEach((name, json) -> media.addExamples(name, new Example().value(WireFormat.mapper().readValue(json, Map.class))));
        return new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM_JSON, media));
    }

    private static Header retryAfter() {
        return new Header().description("Seconds to wait before trying again").schema(new IntegerSchema());
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema().description("An RFC 9457 problem")
                .addProperty("type", new StringSchema().example("about:blank"))
                .addProperty("title", new StringSchema().example("Not Found"))
                .addProperty("status", new IntegerSchema().example(404))
                .addProperty("detail", new StringSchema().description("What went wrong, in words a client developer can act on"))
                .addProperty("instance", new StringSchema().description("The request path"))
                .addProperty("errors", new ArraySchema().description("For validation problems: every offending field")
                        .items(new ObjectSchema()
                                .addProperty("field", new StringSchema().example("media_type"))
                                .addProperty("detail", new StringSchema().example("must be one of image, video, audio"))));
    }
}
