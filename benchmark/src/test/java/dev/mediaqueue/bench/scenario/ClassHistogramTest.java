package dev.mediaqueue.bench.scenario;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ClassHistogramTest {

    private static final String BEFORE = """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:         10000         800000  [B (java.base@17.0.15)
               2:          5000         120000  java.lang.String (java.base@17.0.15)
               3:            10            640  java.util.concurrent.ConcurrentHashMap$Node (java.base@17.0.15)
            Total         15010         920640
            """;

    private static final String AFTER = """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:        210000       20800000  [B (java.base@17.0.15)
               2:        205000        4920000  java.lang.String (java.base@17.0.15)
               3:        100010        3200640  java.util.concurrent.ConcurrentHashMap$Node (java.base@17.0.15)
               4:        100000        8000000  dev.mediaqueue.model.StatusEvent
            Total        605010       36920640
            """;

    @Test
    void growthPerJobIsSortedByBytes() {
        List<ClassHistogram.Growth> growth = ClassHistogram.growth(BEFORE, AFTER, 100_000, 3);

        assertThat(growth).extracting(ClassHistogram.Growth::className)
                .containsExactly("[B", "dev.mediaqueue.model.StatusEvent", "java.lang.String");
        assertThat(growth.get(0).bytesPerJob()).isCloseTo(200, within(1e-9));
        assertThat(growth.get(0).instancesPerJob()).isCloseTo(2, within(1e-9));
        assertThat(growth.get(1).bytesPerJob()).isCloseTo(80, within(1e-9));
    }
}
