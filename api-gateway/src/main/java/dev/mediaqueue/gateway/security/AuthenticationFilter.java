package dev.mediaqueue.gateway.security;

import dev.mediaqueue.model.Priority;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.util.UrlPathHelper;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Decides who is calling, first thing for every request, and puts the {@link Caller} on it.
 *
 * <p>With tenants configured, a request needs an API key ({@code Authorization: Bearer <key>} or
 * {@code X-API-Key: <key>}); a missing or unknown key is answered 401 problem+json with
 * {@code WWW-Authenticate: Bearer} and nothing else runs. {@link #PUBLIC_PATHS} need no key: the demo page
 * and its assets, the API description, the health probes, and result files, which are protected by their
 * signed URLs instead (an {@code <img src>} cannot send a header). CORS pre-flights carry no credentials
 * by design and pass too. In open mode (no tenants) every request is the open-mode tenant's, with its
 * rate budgets counted per client address.
 *
 * <p>Paths are matched as the server normalized them (dot segments resolved, percent-decoded), so
 * {@code /css/../api/jobs} is {@code /api/jobs} here as it is for the handler.
 */
@EnableConfigurationProperties(SecurityProperties.class)
@Component
@Order(AuthenticationFilter.ORDER)
class AuthenticationFilter extends OncePerRequestFilter {

    /** Early, but after the observation filter, so a 401 still shows in the HTTP metrics. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    static final String API_KEY_HEADER = "X-API-Key";

    static final List<PathPattern> PUBLIC_PATHS = Stream.of(
                    "/", "/index.html", "/favicon.ico", "/css/**", "/js/**",
                    "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**",
                    "/actuator/health", "/actuator/health/**",
                    "/exports/**")
            .map(PathPatternParser.defaultInstance::parse).toList();

    private static final Logger log = LoggerFactory.getLogger(AuthenticationFilter.class);
    private static final String BEARER = "bearer ";

    private final ApiKeys keys;
    private final SecurityProperties properties;
    private final HandlerExceptionResolver exceptionResolver;

    AuthenticationFilter(SecurityProperties properties,
                         @Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver) {
        this.keys = ApiKeys.of(properties);
        this.properties = properties;
        this.exceptionResolver = exceptionResolver;
        if (keys.isEmpty()) {
            log.warn("OPEN MODE: no API keys configured (mediaqueue.security.tenants is empty), so every caller is "
                    + "tenant '{}' without authentication. For local development only: never expose this gateway "
                    + "to a network you do not trust.", Caller.OPEN_TENANT);
        } else {
            log.info("API keys configured for {} tenant(s): {}", properties.tenants().size(), properties.tenants().keySet());
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (keys.isEmpty()) {
            request.setAttribute(Caller.ATTRIBUTE, new Caller(Caller.OPEN_TENANT, Priority.URGENT,
                    properties.openLimits(), "ip:" + request.getRemoteAddr()));
            chain.doFilter(request, response);
            return;
        }
        if (isPublic(request) || CorsUtils.isPreFlightRequest(request)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<String> key = presentedKey(request);
        Optional<Caller> caller = key.flatMap(keys::find);
        if (caller.isEmpty()) {
            reject(request, response, key.isPresent());
            return;
        }
        request.setAttribute(Caller.ATTRIBUTE, caller.get());
        chain.doFilter(request, response);
    }

    static boolean isPublic(HttpServletRequest request) {
        PathContainer path = PathContainer.parsePath(normalizedPath(request));
        return PUBLIC_PATHS.stream().anyMatch(pattern -> pattern.matches(path));
    }

    private static String normalizedPath(HttpServletRequest request) {
        // the DispatcherServlet is mapped to "/": the servlet path is the whole path, as the container normalized it
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.isEmpty() ? UrlPathHelper.defaultInstance.getPathWithinApplication(request) : path;
    }

    /** The key from {@code Authorization: Bearer …}, else from {@code X-API-Key}; empty when neither has one. */
    static Optional<String> presentedKey(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            String token = authorization.substring(BEARER.length()).strip();
            if (!token.isEmpty()) {
                return Optional.of(token);
            }
        }
        String apiKey = request.getHeader(API_KEY_HEADER);
        return apiKey == null || apiKey.isBlank() ? Optional.empty() : Optional.of(apiKey.strip());
    }

    private void reject(HttpServletRequest request, HttpServletResponse response, boolean keyGiven) {
        String detail = keyGiven ? "the API key is not valid"
                : "an API key is required: send it as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'";
        ErrorResponseException unauthorized = new ErrorResponseException(HttpStatus.UNAUTHORIZED,
                ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, detail), null);
        unauthorized.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
                keyGiven ? "Bearer realm=\"mediaqueue\", error=\"invalid_token\"" : "Bearer realm=\"mediaqueue\"");
        // rendered by the MVC exception handlers, so the 401 is a problem+json like every other error
        if (exceptionResolver.resolveException(request, response, null, unauthorized) == null) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, unauthorized.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE));
        }
    }
}
