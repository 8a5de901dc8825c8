package dev.mediaqueue.gateway;

import dev.mediaqueue.model.WireFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The API description covers every public endpoint, with examples and problem responses. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class OpenApiIT {

    /** DESIGN's "HTTP API" list, plus the batch endpoints and the legacy /api/run. */
    static final List<String> DESIGN_ENDPOINTS = List.of(
            "post /api/job/start",
            "get /api/job/{id}/status",
            "get /api/job/{id}/events",
            "post /api/job/{id}/cancel",
            "get /api/jobs",
            "post /api/job/batch",
            "get /api/job/batch/{id}",
            "get /api/health/queue",
            "get /exports/{file}",
            "post /api/run");

    @RegisterExtension
    static final GatewayTestBed bed = new GatewayTestBed();

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        bed.register(registry);
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    static JsonNode spec;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void noSpecYet() {
        spec = null;
    }

    @Test
    void everyEndpointTheGatewayMapsIsDescribed() {
        List<String> endpoints = gatewayEndpoints();
        assertThat(endpoints).contains("post /api/job/start", "get /api/job/{id}/status");

        for (String endpoint : endpoints) {
            assertThat(operation(endpoint)).as("operation %s in /v3/api-docs", endpoint).isNotNull();
        }
    }

    @Test
    void everyEndpointInTheDesignIsDescribed() {
        for (String endpoint : DESIGN_ENDPOINTS) {
            assertThat(operation(endpoint)).as("operation %s in /v3/api-docs", endpoint).isNotNull();
        }
    }

    @Test
    void everyOperationHasASummaryAnExampleOfItsSuccessAndItsProblemResponses() {
        for (String endpoint : DESIGN_ENDPOINTS) {
            JsonNode operation = operation(endpoint);
            assertThat(operation.path("summary").asString("")).as("summary of %s", endpoint).isNotBlank();
            JsonNode responses = operation.get("responses");
            List<String> codes = new ArrayList<>(responses.propertyNames());
            assertThat(codes).as("responses of %s", endpoint).anyMatch(code -> code.startsWith("2"));
            if (takesInput(operation)) {
                assertThat(codes).as("client errors of %s", endpoint).anyMatch(code -> code.startsWith("4"));
            }
            for (String code : codes) {
                JsonNode response = resolve(responses.get(code));
                // a file download's bytes have no meaningful example
                boolean binary = response.has("content") && response.get("content").toString().contains("\"binary\"");
                if (code.startsWith("2") && response.has("content") && !binary) {
                    assertThat(response.get("content").toString()).as("%s %s example", endpoint, code).contains("example");
                }
                // the queue health answers its own JSON (broker down) with 503, like the actuator's health
                boolean healthBody = endpoint.equals("get /api/health/queue");
                if (code.startsWith("4") || (code.startsWith("5") && !healthBody)) {
                    assertThat(response.get("content").has("application/problem+json")).as("%s %s is a problem", endpoint, code).isTrue();
                    assertThat(response.get("content").toString()).as("%s %s example", endpoint, code).contains("example");
                }
            }
        }
    }

    @Test
    void operationsThatSpendARateBudgetDocumentThe429WithRetryAfter() {
        for (String endpoint : List.of("post /api/job/start", "post /api/run", "post /api/job/batch", "get /api/job/{id}/status",
                "get /api/job/{id}/events", "post /api/job/{id}/cancel", "get /api/jobs", "get /api/job/batch/{id}")) {
            JsonNode tooMany = resolve(operation(endpoint).get("responses").get("429"));
            assertThat(tooMany).as("429 of %s", endpoint).isNotNull();
            assertThat(tooMany.get("headers").has("Retry-After")).as("Retry-After of %s", endpoint).isTrue();
        }
        assertThat(operation("get /api/health/queue").get("responses").has("429")).isFalse();
    }

    /** An operation with path or query parameters or a body can be called wrongly, so it documents a 4xx. */
    private static boolean takesInput(JsonNode operation) {
        return operation.has("requestBody") || operation.path("parameters").size() > 0;
    }

    @Test
    void startAndRunDocumentTheirBodyWithAnExampleAndTheWireNames() {
        for (String endpoint : List.of("post /api/job/start", "post /api/run")) {
            JsonNode body = operation(endpoint).get("requestBody");
            assertThat(body.toString()).as("request body of %s", endpoint).contains("example").contains("user_input");
        }
        JsonNode statusSchema = spec().get("components").get("schemas").get("JobStatusView");
        assertThat(statusSchema.get("properties").propertyNames()).contains("job_id", "queue_position", "eta_seconds", "poll_after_ms");
    }

    @Test
    void swaggerUiIsServed() throws Exception {
        HttpResponse<String> ui = http.send(HttpRequest.newBuilder(URI.create(url("/swagger-ui/index.html"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
        HttpResponse<Void> shortcut = http.send(HttpRequest.newBuilder(URI.create(url("/swagger-ui.html"))).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(shortcut.statusCode()).isIn(200, 302);
    }

    /** "method path" of every handler method of the gateway's own controllers, error pages aside. */
    private List<String> gatewayEndpoints() {
        List<String> endpoints = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, org.springframework.web.method.HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
            Class<?> type = entry.getValue().getBeanType();
            if (!type.getPackageName().startsWith("dev.mediaqueue.gateway") || ErrorController.class.isAssignableFrom(type)) {
                continue;
            }
            for (String path : entry.getKey().getPatternValues()) {
                for (RequestMethod method : entry.getKey().getMethodsCondition().getMethods()) {
                    endpoints.add(method.name().toLowerCase(Locale.ROOT) + " " + path);
                }
            }
        }
        return endpoints;
    }

    private JsonNode operation(String endpoint) {
        String[] parts = endpoint.split(" ", 2);
        JsonNode path = spec().get("paths").get(parts[1]);
        return path == null ? null : path.get(parts[0]);
    }

    private JsonNode resolve(JsonNode response) {
        if (!response.has("$ref")) {
            return response;
        }
        String name = response.get("$ref").asString().substring("#/components/responses/".length());
        return spec().get("components").get("responses").get(name);
    }

    private JsonNode spec() {
        if (spec == null) {
            GatewayTestBed.awaitReady(managementPort);
            HttpResponse<String> docs = get("/v3/api-docs");
            assertThat(docs.statusCode()).isEqualTo(200);
            try {
                Files.writeString(Files.createDirectories(Path.of("target")).resolve("openapi.json"), docs.body());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            spec = WireFormat.mapper().readTree(docs.body());
        }
        return spec;
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

}
