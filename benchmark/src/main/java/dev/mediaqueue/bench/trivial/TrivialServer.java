package dev.mediaqueue.bench.trivial;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * The ceiling for any poll: the gateway's server stack (Tomcat, Spring MVC, Jackson, actuator with its
 * HTTP metrics) answering a constant small status-like JSON on the status path, doing nothing else.
 * Started as a separate JVM with the same options as the gateway.
 */
@SpringBootApplication
public class TrivialServer {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(TrivialServer.class);
        application.setDefaultProperties(Map.of(
                "spring.application.name", "trivial-server",
                "management.endpoints.web.exposure.include", "health,prometheus",
                "management.endpoint.health.probes.enabled", "true",
                "logging.level.root", "WARN"));
        application.run(args);
    }

    @RestController
    static class ConstantStatusController {

        private static final Status STATUS = new Status("00000000-0000-0000-0000-000000000000", "completed", 100);

        @GetMapping("/api/job/{id}/status")
        Status status(@PathVariable String id) {
            return STATUS;
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Status(String jobId, String status, int progress) {
    }
}
