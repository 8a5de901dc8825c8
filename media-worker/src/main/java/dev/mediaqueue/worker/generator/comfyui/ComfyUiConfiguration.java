package dev.mediaqueue.worker.generator.comfyui;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * The ComfyUI generator's beans; they exist only with {@code mediaqueue.worker.generator=comfyui}. The
 * workflows are read (and checked) at start, so a broken descriptor stops the worker with a message.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "mediaqueue.worker", name = "generator", havingValue = "comfyui")
class ComfyUiConfiguration {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @Bean
    WorkflowCatalog comfyUiWorkflows(ComfyUiProperties properties, Environment environment) {
        WorkflowReader reader = new WorkflowReader(MAPPER, environment::resolveRequiredPlaceholders);
        return WorkflowCatalog.load(properties.workflowsDir(), reader, properties.defaultConfigs());
    }

    @Bean
    ComfyUiClient comfyUiClient(ComfyUiProperties properties) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .build();
        return new ComfyUiClient(http, properties, MAPPER);
    }

    @Bean
    ComfyUiGenerator comfyUiGenerator(WorkflowCatalog workflows, ComfyUiClient client, ComfyUiProperties properties) {
        SecureRandom random = new SecureRandom();
        return new ComfyUiGenerator(workflows, client, properties, MAPPER, random::nextLong);
    }

    @Bean
    ComfyUiHealthMonitor comfyUiHealthMonitor(ComfyUiClient client, ComfyUiProperties properties,
                                              ApplicationEventPublisher events, Clock clock) {
        return new ComfyUiHealthMonitor(client, properties, events, clock);
    }

    @Bean
    ComfyUiHealthIndicator comfyuiHealthIndicator(ComfyUiHealthMonitor monitor, ComfyUiClient client) {
        return new ComfyUiHealthIndicator(monitor, client);
    }
}
