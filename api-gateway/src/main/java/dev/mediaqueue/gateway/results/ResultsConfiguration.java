package dev.mediaqueue.gateway.results;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves {@code GET /exports/{file}} from the result store with Spring's resource handling: content
 * type by extension, {@code Range} requests (seeking in video and audio), {@code ETag} and
 * {@code Last-Modified}, and refusal of paths that leave the directory. A missing file is a 404
 * problem like every other unknown path.
 */
@EnableConfigurationProperties(ResultsProperties.class)
@Configuration(proxyBeanMethods = false)
class ResultsConfiguration implements WebMvcConfigurer {

    private final ResultsProperties properties;

    ResultsConfiguration(ResultsProperties properties) {
        this.properties = properties;
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // a trailing slash: without it the location is read as a file, not a directory
        String location = properties.dir().toAbsolutePath().normalize().toUri().toString();
        registry.addResourceHandler("/exports/**")
                .addResourceLocations(location.endsWith("/") ? location : location + "/")
                .setCacheControl(CacheControl.maxAge(properties.cacheMaxAge()));
    }
}
