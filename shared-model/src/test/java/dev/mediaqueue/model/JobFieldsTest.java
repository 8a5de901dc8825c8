package dev.mediaqueue.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class JobFieldsTest {

    @ParameterizedTest
    @ValueSource(strings = {"sd35-large", "flux.dev", "ltx_video.0.9.7", "A1", "7"})
    void plainNamesAreConfigIds(String configId) {
        assertThat(JobFields.CONFIG_ID.matcher(configId).matches()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "..", ".hidden", "a..b", "../etc", "a/b", "a\\b", "-x", "_x", "a b", "C:x", "x\u0000"})
    void anythingPathLikeOrOddIsNoConfigId(String configId) {
        assertThat(JobFields.CONFIG_ID.matcher(configId).matches()).isFalse();
    }
}
