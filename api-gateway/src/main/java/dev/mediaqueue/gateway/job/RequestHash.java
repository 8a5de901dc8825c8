package dev.mediaqueue.gateway.job;

import dev.mediaqueue.model.WireFormat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SHA-256 of a validated request in a canonical form (keys sorted at every level, defaults filled in),
 * so a retry that spells the same request differently (whitespace, field order, an explicit default)
 * has the same hash, and any change of meaning has another.
 */
final class RequestHash {

    private RequestHash() {
    }

    static String of(JobSpec spec) {
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("media_type", spec.mediaType().wireName());
        canonical.put("config_id", spec.configId());
        canonical.put("user_input", spec.userInput());
        canonical.put("language", spec.language());
        canonical.put("priority", spec.priority().wireName());
        canonical.put("params", sorted(spec.params()));
        canonical.put("start_by", spec.startBy() == null ? null : spec.startBy().toString());
        return sha256(WireFormat.mapper().writeValueAsString(canonical));
    }

    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((key, nested) -> sorted.put(String.valueOf(key), sorted(nested)));
            return sorted;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(RequestHash::sorted).toList();
        }
        return value;
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
