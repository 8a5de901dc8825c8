package dev.mediaqueue.bench.process;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessOutputTest {

    @Test
    void heapInUseIsReadFromJcmdHeapInfo() {
        String g1 = """
                12345:
                 garbage-first heap   total 262144K, used 45678K [0x00000000c0000000, 0x0000000100000000)
                  region size 1024K, 3 young (3072K), 0 survivors (0K)
                 Metaspace       used 61234K, committed 61888K, reserved 1105920K
                """;

        assertThat(Jcmd.heapUsedBytes(g1)).isEqualTo(45678L * 1024);
    }

    @Test
    void aPrometheusSampleIsFoundWithOrWithoutLabels() {
        String text = """
                # HELP mediaqueue_status_replay_seconds How long the status replay took
                # TYPE mediaqueue_status_replay_seconds gauge
                mediaqueue_status_replay_seconds{application="mediaqueue-gateway"} 12.345
                mediaqueue_status_replay_seconds_max 1.0
                jvm_threads_live_threads 42.0
                """;

        assertThat(PrometheusText.value(text, "mediaqueue_status_replay_seconds")).contains(12.345);
        assertThat(PrometheusText.value(text, "jvm_threads_live_threads")).contains(42.0);
        assertThat(PrometheusText.value(text, "mediaqueue_missing")).isEmpty();
    }
}
