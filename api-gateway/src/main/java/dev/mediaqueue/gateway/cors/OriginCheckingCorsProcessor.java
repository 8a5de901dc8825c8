package dev.mediaqueue.gateway.cors;

import dev.mediaqueue.model.WireFormat;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Spring's CORS checks with two changes. A refused preflight is a 403 problem+json like every other error.
 * An actual request from an origin that is not allowed goes on without CORS headers instead of being refused:
 * the browser then keeps the answer from the page, and the gateway cannot always tell a same-origin request
 * from a cross-origin one behind a TLS-terminating proxy (it sees {@code http://} where the page has
 * {@code https://}), so refusing would break the demo page there.
 */
class OriginCheckingCorsProcessor extends DefaultCorsProcessor {

    static final String REFUSED = "cross-origin request refused: its origin, method or headers are not allowed "
            + "(allowed origins are set in mediaqueue.security.cors.allowed-origins)";

    @Override
    public boolean processRequest(CorsConfiguration config, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (config != null && CorsUtils.isCorsRequest(request) && !CorsUtils.isPreFlightRequest(request)
                && config.checkOrigin(request.getHeader(HttpHeaders.ORIGIN)) == null) {
            // a cache must not hand this answer (without CORS headers) to a page of an allowed origin
            response.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
            return true;
        }
        return super.processRequest(config, request, response);
    }

    @Override
    protected void rejectRequest(ServerHttpResponse response) throws IOException {
        response.setStatusCode(HttpStatus.FORBIDDEN);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", HttpStatus.FORBIDDEN.getReasonPhrase());
        problem.put("status", HttpStatus.FORBIDDEN.value());
        problem.put("detail", REFUSED);
        response.getBody().write(WireFormat.write(problem));
        response.flush();
    }
}
