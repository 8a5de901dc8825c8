package dev.mediaqueue.gateway.cors;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

import java.util.List;

/**
 * CORS for the API and the result files: only the configured frontend origins, with the methods and headers
 * the JS client uses. A filter ahead of authentication, because a browser's preflight never carries the API key.
 * See docs/decisions/0010-cors-and-strict-input.md for what a request from another origin gets.
 */
@EnableConfigurationProperties(CorsProperties.class)
@Configuration(proxyBeanMethods = false)
class CrossOriginConfiguration {

    /**
     * After the observation filter, ahead of the authentication filter ({@code HIGHEST_PRECEDENCE + 10}): a 401
     * then carries the CORS headers, so the page can read it instead of seeing a network error.
     */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

    static final List<String> REQUEST_HEADERS = List.of(HttpHeaders.AUTHORIZATION, "X-API-Key", "Idempotency-Key",
            "Prefer", HttpHeaders.IF_NONE_MATCH, "Last-Event-ID", HttpHeaders.CONTENT_TYPE, HttpHeaders.CACHE_CONTROL,
            HttpHeaders.RANGE);

    static final List<String> EXPOSED_HEADERS = List.of(HttpHeaders.ETAG, HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER,
            "Preference-Applied", "Priority-Lowered", HttpHeaders.CONTENT_RANGE, HttpHeaders.ACCEPT_RANGES, HttpHeaders.CONTENT_LENGTH);

    @Bean
    FilterRegistrationBean<CorsFilter> corsFilter(CorsProperties properties) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        CorsConfiguration api = configuration(properties);
        source.registerCorsConfiguration("/api/**", api);
        source.registerCorsConfiguration("/exports/**", api);
        CorsFilter filter = new CorsFilter(source);
        filter.setCorsProcessor(new OriginCheckingCorsProcessor());
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(ORDER);
        return registration;
    }

    private static CorsConfiguration configuration(CorsProperties properties) {
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(properties.allowedOrigins());
        configuration.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.HEAD.name(), HttpMethod.POST.name()));
        configuration.setAllowedHeaders(REQUEST_HEADERS);
        configuration.setExposedHeaders(EXPOSED_HEADERS);
        // keys travel in headers, never in cookies
        configuration.setAllowCredentials(false);
        configuration.setMaxAge(properties.maxAge());
        return configuration;
    }
}
