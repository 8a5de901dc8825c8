package dev.mediaqueue.gateway.job;

import dev.mediaqueue.model.MediaType;
import dev.mediaqueue.model.Priority;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RequestHashTest {

    private final JobSpec spec = new JobSpec(MediaType.IMAGE, "flux", "a cat", "en", Priority.HIGH,
            ordered("steps", 20, "size", ordered("w", 512, "h", 512)), Instant.parse("2026-01-01T12:00:00Z"));

    @Test
    void sameRequestWithItsKeysInAnotherOrderHasTheSameHash() {
        JobSpec reordered = new JobSpec(MediaType.IMAGE, "flux", "a cat", "en", Priority.HIGH,
                ordered("size", ordered("h", 512, "w", 512), "steps", 20), Instant.parse("2026-01-01T12:00:00Z"));

        assertThat(RequestHash.of(reordered)).isEqualTo(RequestHash.of(spec)).hasSize(64);
    }

    @Test
    void everyChangeOfMeaningChangesTheHash() {
        List<JobSpec> changed = List.of(
                new JobSpec(MediaType.VIDEO, "flux", "a cat", "en", Priority.HIGH, spec.params(), spec.startBy()),
                new JobSpec(MediaType.IMAGE, null, "a cat", "en", Priority.HIGH, spec.params(), spec.startBy()),
                new JobSpec(MediaType.IMAGE, "flux", "a dog", "en", Priority.HIGH, spec.params(), spec.startBy()),
                new JobSpec(MediaType.IMAGE, "flux", "a cat", "de", Priority.HIGH, spec.params(), spec.startBy()),
                new JobSpec(MediaType.IMAGE, "flux", "a cat", "en", Priority.LOW, spec.params(), spec.startBy()),
                new JobSpec(MediaType.IMAGE, "flux", "a cat", "en", Priority.HIGH, Map.of("steps", 21), spec.startBy()),
                new JobSpec(MediaType.IMAGE, "flux", "a cat", "en", Priority.HIGH, spec.params(), null));

        assertThat(changed).extracting(RequestHash::of).doesNotContain(RequestHash.of(spec)).doesNotHaveDuplicates();
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
