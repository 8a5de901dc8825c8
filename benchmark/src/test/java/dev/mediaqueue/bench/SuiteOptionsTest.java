package dev.mediaqueue.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SuiteOptionsTest {

    @Test
    void withoutArgumentsTheWholeSuiteRunsAtFullScale() {
        SuiteOptions options = SuiteOptions.parse(new String[0]);

        assertThat(options.scale()).isEqualTo(1);
        assertThat(options.only()).isEmpty();
        assertThat(options.resultsDir()).isEqualTo(Path.of("benchmark", "results"));
        assertThat(options.gatewayJar()).isEqualTo(Path.of("api-gateway", "target", "api-gateway-0.1.0-SNAPSHOT.jar"));
    }

    @Test
    void scaleOnlyAndJfrAreRead() {
        SuiteOptions options = SuiteOptions.parse(new String[] {"--scale", "0.05", "--only", "poll, Submit", "--jfr"});

        assertThat(options.scale()).isEqualTo(0.05);
        assertThat(options.only()).containsExactly("poll", "submit");
        assertThat(options.jfr()).isTrue();
    }

    @Test
    void anUnknownScenarioIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> SuiteOptions.parse(new String[] {"--only", "pol"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pol").hasMessageContaining("poll, e2e, dispatch");
    }

    @Test
    void aScaleOfZeroIsRefused() {
        assertThatThrownBy(() -> SuiteOptions.parse(new String[] {"--scale", "0"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--scale");
    }

    @Test
    void anUnknownArgumentIsRefused() {
        assertThatThrownBy(() -> SuiteOptions.parse(new String[] {"--fast"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--fast");
    }
}
