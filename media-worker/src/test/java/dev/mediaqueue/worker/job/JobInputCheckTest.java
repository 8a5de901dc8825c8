package dev.mediaqueue.worker.job;

import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class JobInputCheckTest {

    private final JobInputCheck check = new JobInputCheck(JobInputLimits.DEFAULTS);

    private static JobMessage job(String configId, String prompt, String language, String tenant, Map<String, Object> params) {
        return new JobMessage(UUID.randomUUID(), MediaType.IMAGE, configId, prompt, language, Priority.NORMAL, params,
                tenant, Instant.parse("2026-03-01T12:00:00Z"), null, null);
    }

    private static JobMessage withConfig(String configId) {
        return job(configId, "a cat", "en", "acme", Map.of());
    }

    @Test
    void jobLikeTheGatewaySendsIsAccepted() {
        assertThat(check.refusal(job("sd35-large_v2.1", "a cat 🐈 on a mat", "pt-BR", "acme", Map.of("seed", 42, "steps", 30))))
                .isEmpty();
        assertThat(check.refusal(job(null, "a cat", null, "", Map.of()))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "..", ".hidden", "a/b", "a\\b", "C:x", "workflow..json", "a b", "x\u0000y", ""})
    void pathLikeOrOddConfigIdIsRefusedNamingTheField(String configId) {
        assertThat(check.refusal(withConfig(configId))).hasValueSatisfying(why -> assertThat(why).contains("config_id"));
    }

    @Test
    void overlongConfigIdIsRefused() {
        assertThat(check.refusal(withConfig("a".repeat(129)))).isPresent();
        assertThat(check.refusal(withConfig("a".repeat(128)))).isEmpty();
    }

    @Test
    void promptLongerThanTheWorkersBoundIsRefusedCountingCharactersNotBytes() {
        assertThat(check.refusal(job(null, "🐈".repeat(20_000), null, "", Map.of()))).isEmpty();
        assertThat(check.refusal(job(null, "x".repeat(20_001), null, "", Map.of())))
                .hasValueSatisfying(why -> assertThat(why).contains("user_input"));
    }

    @Test
    void oddLanguageOrTenantIsRefused() {
        assertThat(check.refusal(job(null, "a cat", "en\r\nX-Injected: 1", "", Map.of())))
                .hasValueSatisfying(why -> assertThat(why).contains("language"));
        assertThat(check.refusal(job(null, "a cat", null, "acme\nroot", Map.of())))
                .hasValueSatisfying(why -> assertThat(why).contains("tenant"));
    }

    @Test
    void tooManyOddOrOversizedParamsAreRefused() {
        Map<String, Object> many = new HashMap<>();
        for (int i = 0; i < 65; i++) {
            many.put("p" + i, i);
        }
        assertThat(check.refusal(job(null, "a cat", null, "", many))).hasValueSatisfying(why -> assertThat(why).contains("params"));
        assertThat(check.refusal(job(null, "a cat", null, "", Map.of("../x", 1))))
                .hasValueSatisfying(why -> assertThat(why).contains("params"));
        assertThat(check.refusal(job(null, "a cat", null, "", Map.of("blob", "x".repeat(70_000)))))
                .hasValueSatisfying(why -> assertThat(why).contains("params"));
    }

    @Test
    void bodyLargerThanTheLimitDoesNotFit() {
        assertThat(check.fits(new byte[1024 * 1024])).isTrue();
        assertThat(check.fits(new byte[1024 * 1024 + 1])).isFalse();
    }
}
