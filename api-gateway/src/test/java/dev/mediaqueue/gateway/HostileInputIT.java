package dev.mediaqueue.gateway;

import dev.mediaqueue.model.Topology;
import dev.mediaqueue.model.WireFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6, point 7: hundreds of malformed and hostile requests, generated, against a gateway on a real broker.
 * Every one must be refused with a 4xx {@code application/problem+json} that has a {@code detail}, none may be
 * a 5xx, and the broker must hold exactly what it held before: no job message, no status event, no cancel.
 *
 * <p>The one kind of answer without a body: a {@code HEAD} request, which by definition has none; its
 * status is still checked. Not sent: a request line without a protocol ({@code GET /api/jobs} and a bare LF),
 * which Tomcat treats as HTTP/0.9: its answer has no status line to check (and, having no headers, no key).
 * Two tenants with keys are configured, so the missing-key and other-tenant cases
 * exercise authentication and isolation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mediaqueue.security.tenants.alice.limits.starts-per-minute=0",
        "mediaqueue.security.tenants.bob.limits.starts-per-minute=0",
        "mediaqueue.security.tenants.bob.limits.polls-per-second=0",
        "mediaqueue.security.cors.allowed-origins=https://app.example.com"})
@DirtiesContext
class HostileInputIT {

    static final String ALICE_KEY = "alice-hostile-input-key-5b1e";
    static final String BOB_KEY = "bob-hostile-input-key-c93f";

    @RegisterExtension
    static final GatewayTestBed bed = new GatewayTestBed();
    static final BrokerProbe probe = bed.probe();
    static final Path results = tempDirectory();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        bed.register(registry);
        registry.add("mediaqueue.results.dir", results::toString);
        registry.add("mediaqueue.security.tenants.alice.key-sha256[0]", () -> sha256(ALICE_KEY));
        registry.add("mediaqueue.security.tenants.bob.key-sha256[0]", () -> sha256(BOB_KEY));
    }

    @LocalServerPort
    int port;

    /** One generated request: a name for the report, what is sent, and the status it must get (0: any 4xx). */
    record Hostile(String name, String method, String target, List<String> headers, byte[] body, int expected) {

        Hostile(String name, String method, String target, List<String> headers, byte[] body) {
            this(name, method, target, headers, body, 0);
        }

        Hostile expecting(int status) {
            return new Hostile(name, method, target, headers, body, status);
        }
    }

    @Test
    void malformedAndHostileRequestsAreRefusedWithProblemsAndLeaveTheBrokerUntouched() throws Exception {
        List<Hostile> requests = new ArrayList<>();
        brokenJson(requests);
        wrongTypes(requests);
        hugeNumbers(requests);
        unicode(requests);
        pathTraversal(requests);
        headerInjection(requests);
        wrongMethodsAndContentTypes(requests);
        oversized(requests);
        nonUuidIds(requests);
        badQueries(requests);

        assertThat(requests).hasSizeGreaterThanOrEqualTo(200);
        refusedWithoutTouchingTheBroker(requests);
    }

    @Test
    void requestsWithoutAValidKeyOrForAnotherTenantsJobsAreRefused() throws Exception {
        RawHttp http = new RawHttp(port);
        UUID alicesJob = alicesJob(http);
        UUID alicesBatch = alicesBatch(http);
        Files.write(results.resolve(alicesJob + ".png"), new byte[]{(byte) 0x89, 'P', 'N', 'G'});
        List<Hostile> requests = new ArrayList<>();
        otherTenantsIds(requests, alicesJob, alicesBatch);
        missingOrInvalidKeys(requests);

        refusedWithoutTouchingTheBroker(requests);
    }

    private void refusedWithoutTouchingTheBroker(List<Hostile> requests) throws Exception {
        RawHttp http = new RawHttp(port);
        long jobsBefore = probe.jobQueueDepth();
        long deadBefore = probe.depth(Topology.DEAD_LETTER_QUEUE);
        int eventsBefore = probe.statusEvents().size();
        BrokerProbe.ControlListener control = probe.listenToControl();

        List<String> violations = new ArrayList<>();
        for (Hostile request : requests) {
            String violation = check(request, send(http, request));
            if (violation != null) {
                violations.add(request.name() + " → " + violation);
            }
        }

        assertThat(violations).as("requests answered wrongly").isEmpty();
        assertThat(probe.jobQueueDepth()).as("job messages").isEqualTo(jobsBefore);
        assertThat(probe.depth(Topology.DEAD_LETTER_QUEUE)).as("dead letters").isEqualTo(deadBefore);
        assertThat(probe.statusEvents()).as("status events").hasSize(eventsBefore);
        assertThat(control.commands()).as("cancel commands").isEmpty();
    }

    private static RawHttp.Response send(RawHttp http, Hostile request) {
        try {
            return http.send(request.method(), request.target(), request.headers(), request.body());
        } catch (IOException e) {
            return new RawHttp.Response(-1, List.of(), e.toString());
        }
    }

    /** What is wrong with the answer, or null when it is a proper refusal. */
    private static String check(Hostile request, RawHttp.Response response) {
        if (response.status() < 400 || response.status() >= 500
                || (request.expected() != 0 && response.status() != request.expected())) {
            return "status " + response.status() + (request.expected() == 0 ? "" : " (expected " + request.expected() + ")")
                    + ": " + cut(response.body());
        }
        if (request.method().equals("HEAD")) {
            return null;
        }
        String contentType = response.header("Content-Type");
        if (contentType == null || !contentType.startsWith("application/problem+json")) {
            return "status " + response.status() + " with content type " + contentType + ": " + cut(response.body());
        }
        try {
            JsonNode problem = WireFormat.mapper().readTree(response.body());
            String detail = problem.path("detail").asString("");
            if (detail.isBlank() || problem.path("status").asInt() != response.status()) {
                return "problem without detail or with another status: " + cut(response.body());
            }
        } catch (RuntimeException e) {
            return "status " + response.status() + " with a body that is no JSON: " + cut(response.body());
        }
        return null;
    }

    // ---- the requests ---------------------------------------------------------------------------------

    private static void brokenJson(List<Hostile> all) {
        List<String> bodies = List.of("", " ", "{", "}", "[", "]", "null", "true", "42", "\"image\"", "[]",
                "[{\"media_type\":\"image\",\"user_input\":\"x\"}]", "{\"media_type\":", "{\"media_type\":\"image\"",
                "{'media_type':'image','user_input':'x'}", "{media_type:\"image\",user_input:\"x\"}",
                "{\"media_type\":\"image\",\"user_input\":\"x\",}", "{\"media_type\":\"image\" \"user_input\":\"x\"}",
                "{\"media_type\":\"image\",\"user_input\":\"x\"} trailing", "{\"media_type\":\"image\",\"user_input\":\"x\"}}",
                "/* c */ {\"media_type\":\"image\",\"user_input\":\"x\"}", "{\"media_type\":\"image\",\"user_input\":NaN}",
                "{\"media_type\":\"image\",\"user_input\":\"unterminated}", "{\"user_input\":\"x\"}", "{}",
                "{\"media_type\":\"image\"}", "{\"media_type\":\"image\",\"user_input\":\"x\",\"prority\":\"high\"}",
                "{\"media_type\":\"image\",\"user_input\":\"x\",\"tenant\":\"alice\"}",
                "{\"media_type\":\"image\",\"user_input\":\"x\",\"job_id\":\"" + UUID.randomUUID() + "\"}",
                "[".repeat(20_000), "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000),
                "{\"media_type\":\"image\",\"user_input\":\"x\",\"params\":" + "[".repeat(3_000) + "]".repeat(3_000) + "}");
        for (int i = 0; i < bodies.size(); i++) {
            all.add(json("broken json " + i + " on start", "/api/job/start", bodies.get(i)));
        }
        for (String body : List.of("", "{", "{\"items\":", "{\"items\":{}}", "{\"items\":\"x\"}", "{\"items\":[1,2]}",
                "{\"items\":[null]}", "{\"items\":[]}", "{\"items\":[{}]}", "{\"jobs\":[]}")) {
            all.add(json("broken batch " + body, "/api/job/batch", body));
        }
        for (String body : List.of("", "{", "{\"media_type\":\"image\"}")) {
            all.add(json("broken run " + body, "/api/run", body));
        }
        all.add(jsonBytes("invalid UTF-8 in a string", "/api/job/start",
                concat("{\"media_type\":\"image\",\"user_input\":\"", new byte[]{(byte) 0xC3, 0x28, (byte) 0xFF}, "\"}")));
        all.add(jsonBytes("overlong UTF-8 NUL", "/api/job/start",
                concat("{\"media_type\":\"image\",\"user_input\":\"", new byte[]{(byte) 0xC0, (byte) 0x80}, "\"}")));
        all.add(jsonBytes("raw NUL byte in a string", "/api/job/start",
                concat("{\"media_type\":\"image\",\"user_input\":\"a", new byte[]{0}, "b\"}")));
        all.add(jsonBytes("UTF-16 body", "/api/job/start",
                "{\"media_type\":\"image\",\"user_input\":\"\"}".getBytes(StandardCharsets.UTF_16)));
    }

    private static void wrongTypes(List<Hostile> all) {
        List<String> values = List.of("1", "1.5", "true", "[]", "{}", "[\"image\"]", "{\"x\":1}");
        for (String value : values) {
            all.add(json("media_type " + value, "/api/job/start", "{\"media_type\":" + value + ",\"user_input\":\"x\"}"));
            all.add(json("user_input " + value, "/api/job/start", "{\"media_type\":\"image\",\"user_input\":" + value + "}"));
            all.add(json("priority " + value, "/api/job/start", "{\"media_type\":\"image\",\"user_input\":\"x\",\"priority\":" + value + "}"));
        }
        for (String value : List.of("\"x\"", "1", "[1]", "true", "\"{}\"")) {
            all.add(json("params " + value, "/api/job/start", "{\"media_type\":\"image\",\"user_input\":\"x\",\"params\":" + value + "}"));
        }
        for (String value : List.of("1700000000", "{}", "\"tomorrow\"", "\"2020-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"")) {
            all.add(json("start_by " + value, "/api/job/start", "{\"media_type\":\"image\",\"user_input\":\"x\",\"start_by\":" + value + "}"));
        }
        all.add(json("items of wrong type", "/api/job/batch", "{\"items\":[{\"media_type\":\"image\",\"user_input\":[]}]}"));
    }

    private static void hugeNumbers(List<Hostile> all) {
        for (String number : List.of("1e999999", "-1e999999", "1" + "0".repeat(2_000), "1" + "0".repeat(400),
                "0." + "0".repeat(900) + "1", "-0", "9223372036854775808", "1E-999999")) {
            all.add(json("param " + cut(number), "/api/job/start",
                    "{\"media_type\":\"image\",\"user_input\":\"x\",\"params\":{\"seed\":" + number + "},\"priority\":\"bogus\"}"));
            all.add(json("priority " + cut(number), "/api/job/start",
                    "{\"media_type\":\"image\",\"user_input\":\"x\",\"priority\":" + number + "}"));
        }
    }

    private static void unicode(List<Hostile> all) {
        for (String text : List.of("\\ud800", "\\udfff", "a\\ud83d", "\\udc31b", "\\u0000", "a\\u0007b", "\\u001b[31m")) {
            all.add(json("prompt with " + text, "/api/job/start", "{\"media_type\":\"image\",\"user_input\":\"" + text + "\"}"));
            all.add(json("param with " + text, "/api/job/start",
                    "{\"media_type\":\"image\",\"user_input\":\"x\",\"params\":{\"tag\":\"" + text + "\"}}"));
        }
        for (String value : List.of("im\\u202Eage", "\\uD83D\\uDE00", "ｉｍａｇｅ", "ımage", "image\\u200B", "\\ud800")) {
            all.add(json("media_type " + value, "/api/job/start", "{\"media_type\":\"" + value + "\",\"user_input\":\"x\"}"));
            all.add(json("config_id " + value, "/api/job/start",
                    "{\"media_type\":\"image\",\"config_id\":\"" + value + "\",\"user_input\":\"x\"}"));
        }
        all.add(json("unknown field named by a lone surrogate", "/api/job/start",
                "{\"media_type\":\"image\",\"user_input\":\"x\",\"\\ud800\":1}"));
        all.add(json("param key with emoji", "/api/job/start",
                "{\"media_type\":\"image\",\"user_input\":\"x\",\"params\":{\"\\uD83D\\uDE00\":1}}"));
        all.add(json("right-to-left override language", "/api/job/start",
                "{\"media_type\":\"image\",\"user_input\":\"x\",\"language\":\"\\u202Een\"}"));
        for (String id : List.of("%F0%9F%98%80", "%ED%A0%80", "%00", "%E2%80%AE" + UUID.randomUUID(), "%C0%AE%C0%AE")) {
            all.add(get("unicode id " + id + " in status", "/api/job/" + id + "/status"));
            all.add(get("unicode id " + id + " in events", "/api/job/" + id + "/events"));
        }
        all.add(new Hostile("raw emoji bytes in the path", "GET", "/api/job/\uD83D\uDE00/status", bob(), null));
    }

    private static void pathTraversal(List<Hostile> all) {
        for (String path : List.of("../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e/%2e%2e/etc/passwd",
                "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%252e%252e%252fetc%252fpasswd", "..%5c..%5cwindows%5cwin.ini",
                "..\\..\\pom.xml", "....//....//etc/passwd", "..;/..;/etc/passwd", "%2e%2e;/pom.xml", "/etc/passwd",
                ".%2e/.%2e/pom.xml", "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "..%c0%af..%c0%afetc/passwd",
                "%00", "x.png%00.txt", "C:%5Cwindows%5Cwin.ini", "file:%2F%2F%2Fetc%2Fpasswd", "~root", ".",
                "..", "%2e", UUID.randomUUID() + ".png/../../../pom.xml", "..%00/pom.xml", "..%2f" + UUID.randomUUID() + ".png",
                "%u002e%u002e/pom.xml", "nothing-here.png", UUID.randomUUID() + ".png")) {
            all.add(get("exports " + path, "/exports/" + path));
        }
    }

    private static void headerInjection(List<Hostile> all) {
        // a valid start with a bad key: only the key can make it a 400 (a bare LF ends the header line, as
        // RFC 9112 allows, so the bad part of that one is before it)
        byte[] valid = "{\"media_type\":\"image\",\"user_input\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        String start = "{\"media_type\":\"image\",\"user_input\":\"x\",\"priority\":\"bogus\"}";
        for (String value : List.of("a\rX-Injected: 1", "a/b\nX-Injected: 1", "a\u0000b", "a\r\n X-Folded: 1",
                "a b", "a\u00e9b", "a/b", "\uD83D\uDE00", "x".repeat(256), "")) {
            all.add(new Hostile("idempotency key " + cut(value.replace("\r", "\\r").replace("\n", "\\n")), "POST",
                    "/api/job/start", withJson(bob("Idempotency-Key: " + value)), valid).expecting(400));
        }
        for (String line : List.of("X-API-Key: a\rb", "X-Bad Header: x", "X-API-Key : " + BOB_KEY, "\tX-Folded: 1",
                "X-Filler: " + "x".repeat(20_000), "Prefer: wait=99999999999999999999", "Prefer: wait=-5",
                "Prefer: wait=\u0000", "Content-Length: abc", "Content-Length: -1", "Transfer-Encoding: gzip",
                "Transfer-Encoding: chunked, identity", "Host: evil.example\r\nHost: other.example",
                "Expect: 100-bogus", "Content-Type: application/json; charset=utf-7", "Content-Type: application/json; charset=bogus")) {
            List<String> headers = new ArrayList<>(bob());
            if (!line.startsWith("Content-Type")) {
                headers.add("Content-Type: application/json");
            }
            headers.add(line);
            all.add(new Hostile("header " + cut(line.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")),
                    "POST", "/api/job/start", headers, start.getBytes(StandardCharsets.UTF_8)));
        }
        List<String> manyHeaders = new ArrayList<>(withJson(bob()));
        IntStream.range(0, 300).forEach(i -> manyHeaders.add("X-Many-" + i + ": " + "y".repeat(100)));
        all.add(new Hostile("300 headers", "POST", "/api/job/start", manyHeaders, start.getBytes(StandardCharsets.UTF_8)));
        all.add(new Hostile("20 KB request target", "GET", "/api/job/" + "a".repeat(20_000) + "/status", bob(), null));
        all.add(get("If-None-Match of 7 KB", "/api/job/" + UUID.randomUUID() + "/status", "If-None-Match: \"" + "e".repeat(7_000) + "\""));
        all.add(get("Last-Event-ID garbage", "/api/job/" + UUID.randomUUID() + "/events", "Last-Event-ID: \u0000\u00ff garbage"));
        all.add(get("Range past the end of everything", "/exports/" + UUID.randomUUID() + ".png", "Range: bytes=99999999999999999999-"));
        all.add(new Hostile("request line with a bare CR", "GET", "/api/jobs\rX: y", bob(), null));
        all.add(new Hostile("HTTP/2 preface on HTTP/1.1", "PRI", "*", List.of(), "SM\r\n\r\n".getBytes(StandardCharsets.UTF_8)));
    }

    private static void wrongMethodsAndContentTypes(List<Hostile> all) {
        String start = "{\"media_type\":\"image\",\"user_input\":\"x\"}";
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH", "TRACE", "PROPFIND", "FOO", "get", "HEAD")) {
            all.add(new Hostile(method + " /api/job/start", method, "/api/job/start", withJson(bob()),
                    method.equals("GET") || method.equals("HEAD") || method.equals("TRACE") ? null : start.getBytes(StandardCharsets.UTF_8)));
        }
        UUID unknown = UUID.randomUUID();
        for (String[] call : List.of(new String[]{"POST", "/api/job/" + unknown + "/status"},
                new String[]{"DELETE", "/api/job/" + unknown}, new String[]{"PUT", "/api/job/" + unknown + "/cancel"},
                new String[]{"GET", "/api/job/" + unknown + "/cancel"}, new String[]{"DELETE", "/api/jobs"},
                new String[]{"POST", "/api/jobs"}, new String[]{"PUT", "/api/job/batch"}, new String[]{"GET", "/api/job/batch"},
                new String[]{"POST", "/exports/x.png"}, new String[]{"DELETE", "/exports/x.png"}, new String[]{"GET", "/api/run"},
                new String[]{"GET", "/api/job"}, new String[]{"GET", "/api/"}, new String[]{"GET", "/api/job/start/status"})) {
            all.add(new Hostile(call[0] + " " + call[1], call[0], call[1], bob(), null));
        }
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "application/json-patch+json", "a/b/c", "", "*/*", "text/json")) {
            List<String> headers = new ArrayList<>(bob());
            headers.add("Content-Type: " + type);
            all.add(new Hostile("content type '" + type + "'", "POST", "/api/job/start", headers,
                    start.getBytes(StandardCharsets.UTF_8)));
        }
        all.add(new Hostile("no content type", "POST", "/api/job/start", bob(), start.getBytes(StandardCharsets.UTF_8)));
        List<String> xml = new ArrayList<>(withJson(bob()));
        xml.add("Accept: application/xml");
        all.add(new Hostile("start accepting only XML", "POST", "/api/job/start", xml,
                "{\"media_type\":\"image\"}".getBytes(StandardCharsets.UTF_8)));
        List<String> preflight = new ArrayList<>(List.of("Origin: https://evil.example", "Access-Control-Request-Method: POST"));
        all.add(new Hostile("preflight from a foreign origin", "OPTIONS", "/api/job/start", preflight, null));
        List<String> badMethod = new ArrayList<>(List.of("Origin: https://app.example.com", "Access-Control-Request-Method: DELETE"));
        all.add(new Hostile("preflight for DELETE", "OPTIONS", "/api/job/start", badMethod, null));
    }

    private static void oversized(List<Hostile> all) {
        String prompt = "{\"media_type\":\"image\",\"user_input\":\"" + "x".repeat(70_000) + "\"}";
        all.add(json("70 KB body", "/api/job/start", prompt));
        all.add(json("prompt of 4,001 characters", "/api/job/start", "{\"media_type\":\"image\",\"user_input\":\"" + "é".repeat(4_001) + "\"}"));
        List<String> chunked = new ArrayList<>(withJson(bob()));
        chunked.add("Transfer-Encoding: chunked");
        String chunk = "x".repeat(8_000);
        StringBuilder body = new StringBuilder();
        String head = "{\"media_type\":\"image\",\"user_input\":\"";
        body.append(Integer.toHexString(head.length())).append("\r\n").append(head).append("\r\n");
        for (int i = 0; i < 12; i++) {
            body.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        body.append("2\r\n\"}\r\n0\r\n\r\n");
        all.add(new Hostile("chunked body of 96 KB", "POST", "/api/job/start", chunked, body.toString().getBytes(StandardCharsets.UTF_8)));
        List<String> lying = new ArrayList<>(withJson(bob()));
        lying.add("Content-Length: 99999999999");
        all.add(new Hostile("declared length of 100 GB", "POST", "/api/job/start", lying, "{}".getBytes(StandardCharsets.UTF_8)));
        String items = IntStream.range(0, 51).mapToObj(i -> "{\"media_type\":\"image\",\"user_input\":\"" + i + "\"}")
                .collect(Collectors.joining(",", "{\"items\":[", "]}"));
        all.add(json("batch of 51", "/api/job/batch", items));
        String tiny = IntStream.range(0, 5_000).mapToObj(i -> "{}").collect(Collectors.joining(",", "{\"items\":[", "]}"));
        all.add(json("batch of 5,000 empty items", "/api/job/batch", tiny));
        String manyParams = IntStream.range(0, 200).mapToObj(i -> "\"k" + i + "\":" + i).collect(Collectors.joining(",", "{", "}"));
        all.add(json("200 params", "/api/job/start", "{\"media_type\":\"image\",\"user_input\":\"x\",\"params\":" + manyParams + "}"));
        all.add(json("param value of 6 KB", "/api/job/start",
                "{\"media_type\":\"image\",\"user_input\":\"x\",\"params\":{\"neg\":\"" + "n".repeat(6_000) + "\"}}"));
        all.add(json("param key of 100 characters", "/api/job/start",
                "{\"media_type\":\"image\",\"user_input\":\"x\",\"params\":{\"" + "k".repeat(100) + "\":1}}"));
        all.add(json("config_id of 200 characters", "/api/job/start",
                "{\"media_type\":\"image\",\"user_input\":\"x\",\"config_id\":\"" + "c".repeat(200) + "\"}"));
    }

    private static void nonUuidIds(List<Hostile> all) {
        for (String id : List.of("123", "abc", "1-1-1-1-1", "3f1c2a9e8d1b4f579a7e2c6d0b1e4a55", "{3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55}",
                "3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55-00", "3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a5g", "null", "-1",
                "3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55%20", "%20", "..%2F..")) {
            all.add(get("id '" + id + "' in status", "/api/job/" + id + "/status").expecting(400));
            all.add(get("id '" + id + "' in events", "/api/job/" + id + "/events").expecting(400));
            all.add(new Hostile("id '" + id + "' in cancel", "POST", "/api/job/" + id + "/cancel", bob(), null).expecting(400));
            all.add(get("id '" + id + "' in batch status", "/api/job/batch/" + id).expecting(400));
        }
    }

    private static void otherTenantsIds(List<Hostile> all, UUID alicesJob, UUID alicesBatch) {
        all.add(get("another tenant's job status", "/api/job/" + alicesJob + "/status").expecting(404));
        all.add(get("another tenant's job long poll", "/api/job/" + alicesJob + "/status?wait=5").expecting(404));
        all.add(get("another tenant's job events", "/api/job/" + alicesJob + "/events").expecting(404));
        all.add(new Hostile("another tenant's job cancel", "POST", "/api/job/" + alicesJob + "/cancel", bob(), null).expecting(404));
        all.add(get("another tenant's batch", "/api/job/batch/" + alicesBatch).expecting(404));
        all.add(get("another tenant's result file", "/exports/" + alicesJob + ".png").expecting(404));
        all.add(new Hostile("another tenant's result file, HEAD", "HEAD", "/exports/" + alicesJob + ".png", bob(), null).expecting(404));
        all.add(get("another tenant's job, upper case id", "/api/job/" + alicesJob.toString().toUpperCase() + "/status").expecting(404));
    }

    private static void missingOrInvalidKeys(List<Hostile> all) {
        byte[] start = "{\"media_type\":\"image\",\"user_input\":\"a cat\"}".getBytes(StandardCharsets.UTF_8);
        for (List<String> auth : List.of(List.<String>of(), List.of("X-API-Key: wrong-key"), List.of("X-API-Key: "),
                List.of("Authorization: Bearer wrong-key"), List.of("Authorization: Bearer"), List.of("Authorization: Bearer "),
                List.of("Authorization: Basic " + java.util.Base64.getEncoder().encodeToString(("bob:" + BOB_KEY).getBytes(StandardCharsets.UTF_8))),
                List.of("Authorization: " + BOB_KEY), List.of("X-API-Key: " + BOB_KEY.toUpperCase()),
                List.of("X-API-Key: " + "k".repeat(6_000)),
                List.of("X-API-Key: " + sha256(BOB_KEY)), List.of("X-API-Key: " + BOB_KEY.substring(1)))) {
            List<String> headers = new ArrayList<>(auth);
            headers.add("Content-Type: application/json");
            all.add(new Hostile("start with " + cut(String.join(" ", auth)), "POST", "/api/job/start", headers, start).expecting(401));
        }
        all.add(new Hostile("batch without a key", "POST", "/api/job/batch", List.of("Content-Type: application/json"),
                "{\"items\":[{\"media_type\":\"image\",\"user_input\":\"a cat\"}]}".getBytes(StandardCharsets.UTF_8)).expecting(401));
        all.add(new Hostile("run without a key", "POST", "/api/run", List.of("Content-Type: application/json"), start).expecting(401));
        all.add(new Hostile("cancel without a key", "POST", "/api/job/" + UUID.randomUUID() + "/cancel", List.of(), null).expecting(401));
        all.add(new Hostile("history with a wrong key", "GET", "/api/jobs", List.of("X-API-Key: wrong-key"), null).expecting(401));
        all.add(new Hostile("prometheus without a key", "GET", "/actuator/prometheus", List.of(), null));
    }

    private static void badQueries(List<Hostile> all) {
        String unknown = "/api/job/" + UUID.randomUUID() + "/status";
        for (String query : List.of("wait=abc", "wait=-5", "wait=99999999999999999999", "wait=1e3", "wait=%00", "wait=5&wait=6")) {
            all.add(get("query " + query, unknown + "?" + query));
        }
        for (String query : List.of("limit=abc", "limit=-1", "limit=0", "limit=99999999999", "status=bogus", "media_type=..%2F..",
                "status=%00", "limit=1&limit=2", "status=queued&status=running", "media_type=%F0%9F%98%80")) {
            all.add(get("history " + query, "/api/jobs?" + query));
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private UUID alicesJob(RawHttp http) throws IOException {
        RawHttp.Response accepted = http.send("POST", "/api/job/start", List.of("X-API-Key: " + ALICE_KEY,
                "Content-Type: application/json"), "{\"media_type\":\"image\",\"user_input\":\"alice's cat\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return UUID.fromString(WireFormat.mapper().readTree(accepted.body()).path("job_id").asString());
    }

    private UUID alicesBatch(RawHttp http) throws IOException {
        RawHttp.Response accepted = http.send("POST", "/api/job/batch", List.of("X-API-Key: " + ALICE_KEY,
                "Content-Type: application/json"), "{\"items\":[{\"media_type\":\"audio\",\"user_input\":\"rain\"}]}".getBytes(StandardCharsets.UTF_8));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return UUID.fromString(WireFormat.mapper().readTree(accepted.body()).path("batch_id").asString());
    }

    private static Hostile json(String name, String path, String body) {
        return jsonBytes(name, path, body.getBytes(StandardCharsets.UTF_8));
    }

    private static Hostile jsonBytes(String name, String path, byte[] body) {
        return new Hostile(name, "POST", path, withJson(bob()), body);
    }

    private static Hostile get(String name, String target, String... headers) {
        List<String> all = new ArrayList<>(bob());
        all.addAll(List.of(headers));
        return new Hostile(name, "GET", target, all, null);
    }

    private static List<String> bob(String... more) {
        List<String> headers = new ArrayList<>();
        headers.add("X-API-Key: " + BOB_KEY);
        headers.addAll(List.of(more));
        return headers;
    }

    private static List<String> withJson(List<String> headers) {
        List<String> all = new ArrayList<>(headers);
        all.add("Content-Type: application/json");
        return all;
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8);
        byte[] c = after.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(middle, 0, all, a.length, middle.length);
        System.arraycopy(c, 0, all, a.length + middle.length, c.length);
        return all;
    }

    private static String cut(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "…" : text;
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path tempDirectory() {
        try {
            return Files.createTempDirectory("mediaqueue-hostile-it");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
