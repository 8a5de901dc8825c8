package dev.mediaqueue.worker.system;

import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Topology;
import dev.mediaqueue.worker.generator.ResultsProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerPropertiesTest {

    private static Binder binder(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties));
    }

    @Test
    void defaultsMatchTheDocumentedOnes() {
        WorkerProperties worker = binder(Map.of()).bindOrCreate("mediaqueue.worker", WorkerProperties.class);

        assertThat(worker.mediaTypes()).containsExactly(MediaType.IMAGE, MediaType.VIDEO, MediaType.AUDIO);
        assertThat(worker.maxAttempts()).isEqualTo(3);
        assertThat(worker.progressInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(worker.confirmTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(worker.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(worker.id()).endsWith("-" + ProcessHandle.current().pid());
    }

    @Test
    void mediaTypesAreReadFromTheirWireNames() {
        WorkerProperties worker = binder(Map.of("mediaqueue.worker.media-types", "image,audio",
                "mediaqueue.worker.id", "gpu-7")).bindOrCreate("mediaqueue.worker", WorkerProperties.class);

        assertThat(worker.mediaTypes()).containsExactly(MediaType.IMAGE, MediaType.AUDIO);
        assertThat(worker.id()).isEqualTo("gpu-7");
    }

    @Test
    void topologyDefaultsAreTheSharedOnes() {
        TopologyProperties topology = binder(Map.of()).bindOrCreate("mediaqueue.topology", TopologyProperties.class);

        assertThat(topology.toSettings()).isEqualTo(new Topology.Settings(100_000, Duration.ofHours(24), 1_048_576));
    }

    @Test
    void resultDirectoryDefaultsToTheOneTheGatewayServes() {
        assertThat(binder(Map.of()).bindOrCreate("mediaqueue.results", ResultsProperties.class).dir())
                .isEqualTo(Path.of("data/results"));
    }
}
