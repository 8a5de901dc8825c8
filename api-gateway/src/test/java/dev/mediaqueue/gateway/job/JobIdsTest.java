package dev.mediaqueue.gateway.job;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class JobIdsTest {

    @Test
    void idsAreRandomVersion4UuidsOfTheIetfVariant() {
        UUID id = JobIds.next();

        assertThat(id.version()).isEqualTo(4);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(UUID.fromString(id.toString())).isEqualTo(id);
    }

    @Test
    void everyBitOutsideVersionAndVariantVaries() {
        long mostOr = 0;
        long mostAnd = -1;
        long leastOr = 0;
        long leastAnd = -1;
        for (int i = 0; i < 1000; i++) {
            UUID id = JobIds.next();
            mostOr |= id.getMostSignificantBits();
            mostAnd &= id.getMostSignificantBits();
            leastOr |= id.getLeastSignificantBits();
            leastAnd &= id.getLeastSignificantBits();
        }
        // set in some id and clear in another: all but the 4 version and 2 variant bits
        assertThat(Long.bitCount(mostOr & ~mostAnd)).isEqualTo(60);
        assertThat(Long.bitCount(leastOr & ~leastAnd)).isEqualTo(62);
    }

    @Test
    void threadsDrawingAtOnceNeverGetTheSameId() throws Exception {
        Set<UUID> ids = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            var futures = IntStream.range(0, 8).mapToObj(t -> threads.submit(() -> {
                for (int i = 0; i < 5000; i++) {
                    ids.add(JobIds.next());
                }
            })).toList();
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(ids).hasSize(40_000);
    }
}
