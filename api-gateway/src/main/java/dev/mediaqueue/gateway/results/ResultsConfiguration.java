package dev.mediaqueue.gateway.results;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * Serves {@code GET /exports/{file}} from the result store with Spring's resource handling: content
 * type by extension, {@code Range} requests (seeking in video and audio), {@code ETag} and
 * {@code Last-Modified}, and refusal of paths that leave the directory. A missing file is a 404
 * problem like every other unknown path. Only signed URLs get that far ({@link SignedUrlInterceptor}).
 */
@EnableConfigurationProperties({ResultsProperties.class, UrlSigningProperties.class})
@Configuration(proxyBeanMethods = false)
class ResultsConfiguration implements WebMvcConfigurer {

    static final int MIN_SECRET_LENGTH = 32;

    private static final Logger log = LoggerFactory.getLogger(ResultsConfiguration.class);

    private final ResultsProperties properties;
    private final ResultUrls urls;

    // one instance for the signing beans and the checking interceptor: a random secret must be the same for both
    ResultsConfiguration(ResultsProperties properties, UrlSigningProperties signing, ObjectProvider<Clock> clock) {
        this.properties = properties;
        this.urls = new ResultUrls(secret(signing), signing.signedUrlValidity(),
                clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    ResultUrls resultUrls() {
        return urls;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new SignedUrlInterceptor(urls)).addPathPatterns(ResultUrls.PREFIX + "**");
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // a trailing slash: without it the location is read as a file, not a directory
        String location = properties.dir().toAbsolutePath().normalize().toUri().toString();
        registry.addResourceHandler(ResultUrls.PREFIX + "**")
                .addResourceLocations(location.endsWith("/") ? location : location + "/")
                .setCacheControl(CacheControl.maxAge(properties.cacheMaxAge()));
    }

    static byte[] secret(UrlSigningProperties signing) {
        String configured = signing.urlSigningSecret();
        if (configured == null || configured.isBlank()) {
            log.info("No mediaqueue.security.url-signing-secret set: result URLs are signed with a random secret of "
                    + "this process. Several gateway replicas need one shared secret, and a restart makes issued URLs invalid.");
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        }
        if (configured.length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException("mediaqueue.security.url-signing-secret must be at least " + MIN_SECRET_LENGTH
                    + " characters, was " + configured.length() + " (make one with: openssl rand -base64 32)");
        }
        return configured.getBytes(StandardCharsets.UTF_8);
    }
}
