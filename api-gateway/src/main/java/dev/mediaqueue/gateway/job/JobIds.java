package dev.mediaqueue.gateway.job;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * New job ids: random (version 4) UUIDs, as unguessable as {@link UUID#randomUUID()}, but drawn from a
 * {@link SecureRandom} per thread. {@code UUID.randomUUID()} shares one JVM-wide generator whose
 * {@code NativePRNG} reads under a lock; under concurrent starts that lock was the gateway's most
 * contended one (JFR, docs/guide/performance.md). A job id is the only thing that keeps one caller from
 * reading another's job, so it must stay cryptographically random: DRBG (NIST SP 800-90A), seeded by the
 * JVM's entropy source.
 */
final class JobIds {

    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(JobIds::newGenerator);

    private JobIds() {
    }

    /** A new random version 4, IETF variant UUID. */
    static UUID next() {
        byte[] bytes = new byte[16];
        RANDOM.get().nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        long most = 0;
        long least = 0;
        for (int i = 0; i < 8; i++) {
            most = (most << 8) | (bytes[i] & 0xff);
            least = (least << 8) | (bytes[i + 8] & 0xff);
        }
        return new UUID(most, least);
    }

    private static SecureRandom newGenerator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no DRBG SecureRandom (standard since Java 9)", e);
        }
    }
}
