package dev.mediaqueue.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The configured API keys, held only as their SHA-256 hashes, and the caller each one stands for.
 *
 * <p>A presented key is hashed and compared with every configured hash in constant time, without an
 * early exit, so neither the comparison nor the number of comparisons tells how close a guess was. The
 * configuration is checked when the table is built: a tenant name that is not 1–64 of
 * {@code A-Z a-z 0-9 . _ -}, a hash that is not 64 hex digits, a tenant without a key, or one hash under
 * two tenants stops the gateway at start with a message naming the property (never
 * the value: someone may have pasted a key where its hash belongs).
 */
final class ApiKeys {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    /** What a worker accepts as a job's tenant, and safe in logs, metrics and paths. */
    private static final Pattern TENANT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final HexFormat HEX = HexFormat.of();

    private record Entry(byte[] hash, Caller caller) {
    }

    private final List<Entry> entries;

    private ApiKeys(List<Entry> entries) {
        this.entries = entries;
    }

    /**
     * The key table of {@code properties}.
     *
     * @throws IllegalStateException when the configuration is invalid (see the class comment)
     */
    static ApiKeys of(SecurityProperties properties) {
        Map<String, String> seen = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        properties.tenants().forEach((tenant, config) -> {
            String prefix = "mediaqueue.security.tenants." + tenant + ".key-sha256";
            if (!TENANT_NAME.matcher(tenant).matches()) {
                throw new IllegalStateException("mediaqueue.security.tenants has a tenant named '" + tenant
                        + "': a tenant name is 1-64 of A-Z a-z 0-9 . _ - and starts with a letter or digit");
            }
            if (config.keySha256().isEmpty()) {
                throw new IllegalStateException(prefix + " is empty: tenant '" + tenant
                        + "' needs at least one key hash (printf %s \"$KEY\" | sha256sum)");
            }
            Caller caller = Caller.tenant(tenant, config.maxPriority(), config.limits());
            for (int i = 0; i < config.keySha256().size(); i++) {
                String property = prefix + "[" + i + "]";
                String hex = config.keySha256().get(i) == null ? "" : config.keySha256().get(i).strip();
                if (!SHA256_HEX.matcher(hex).matches()) {
                    throw new IllegalStateException(property + " must be the hex SHA-256 of a key (64 hex digits), was "
                            + hex.length() + " characters; configure the key's hash, never the key itself");
                }
                String earlier = seen.putIfAbsent(hex.toLowerCase(Locale.ROOT), property);
                if (earlier != null) {
                    throw new IllegalStateException(property + " is the same key hash as " + earlier
                            + ": a key must identify exactly one tenant");
                }
                entries.add(new Entry(HEX.parseHex(hex), caller));
            }
        });
        return new ApiKeys(List.copyOf(entries));
    }

    /** The caller {@code key} stands for, or empty when it is no configured key. */
    Optional<Caller> find(String key) {
        byte[] hash = sha256(key);
        Caller found = null;
        for (Entry entry : entries) {
            // every entry is compared, also after a match: the time taken does not depend on the key
            if (MessageDigest.isEqual(entry.hash(), hash)) {
                found = entry.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    /** Whether no key is configured (open mode). */
    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The hex SHA-256 of a key's UTF-8 bytes: what {@code key-sha256} holds. */
    static String sha256Hex(String key) {
        return HEX.formatHex(sha256(key));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
