package dev.mediaqueue.gateway.system;

import dev.mediaqueue.model.WireFormat;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the errors Tomcat answers on its own, before any servlet runs (a malformed or traversing
 * URI, for example), as problem+json instead of Tomcat's HTML page. Tomcat's 501 for a transfer coding it
 * does not implement becomes a 400: no malformed request may look like a server failure.
 */
class ProblemErrorReportValve extends ErrorReportValve {

    ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String detail = null;
        if (status == HttpStatus.NOT_IMPLEMENTED.value()) {
            // Tomcat's answer to a Transfer-Encoding it does not know: the request is at fault, not the server
            status = HttpStatus.BAD_REQUEST.value();
            response.setStatus(status);
            detail = "unsupported Transfer-Encoding: only chunked is accepted";
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        if (detail == null) {
            detail = status >= 500 ? "an internal error occurred; it has been logged" : title.toLowerCase(Locale.ROOT);
        }
        problem.put("detail", detail);
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(WireFormat.mapper().writeValueAsString(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response is unusable; nothing left to tell anyone
        }
    }
}
