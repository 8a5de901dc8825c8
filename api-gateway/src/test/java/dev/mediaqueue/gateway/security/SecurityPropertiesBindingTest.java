package dev.mediaqueue.gateway.security;

import dev.mediaqueue.model.Priority;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Tenants come from a Kubernetes Secret as environment variables (deploy/k8s/secret.yaml): that must bind. */
class SecurityPropertiesBindingTest {

    @Test
    void tenantsBindFromEnvironmentVariables() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "MEDIAQUEUE_SECURITY_TENANTS_WEB_KEYSHA256", ApiKeys.sha256Hex("a") + "," + ApiKeys.sha256Hex("b"),
                "MEDIAQUEUE_SECURITY_TENANTS_WEB_MAXPRIORITY", "urgent",
                "MEDIAQUEUE_SECURITY_TENANTS_WEB_LIMITS_STARTSPERMINUTE", "30")));
        environment.getPropertySources().addLast(new MapPropertySource("yml", Map.of(
                "mediaqueue.security.tenants.batch.key-sha256[0]", ApiKeys.sha256Hex("c"))));

        SecurityProperties properties = new Binder(ConfigurationPropertySources.get(environment))
                .bindOrCreate("mediaqueue.security", SecurityProperties.class);

        assertThat(properties.tenants()).containsOnlyKeys("web", "batch");
        assertThat(properties.tenants().get("web").keySha256()).containsExactly(ApiKeys.sha256Hex("a"), ApiKeys.sha256Hex("b"));
        assertThat(properties.tenants().get("web").maxPriority()).isEqualTo(Priority.URGENT);
        assertThat(properties.tenants().get("web").limits().startsPerMinute()).isEqualTo(30);
        assertThat(properties.tenants().get("batch").maxPriority()).isEqualTo(Priority.HIGH);
        assertThat(ApiKeys.of(properties).find("b")).map(Caller::tenant).contains("web");
    }
}
