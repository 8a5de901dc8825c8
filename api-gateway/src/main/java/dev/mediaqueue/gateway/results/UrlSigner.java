package dev.mediaqueue.gateway.results;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

/**
 * Signs a path with an expiry (HMAC-SHA256 over {@code path + "\n" + expiry}) and checks such signatures.
 * A URL's query is not signed: only the path and the expiry are, so a preview's version query
 * ({@code ?v=3}) stays as it is.
 */
final class UrlSigner {

    static final String EXPIRES = "exp";
    static final String SIGNATURE = "sig";

    /** What a check found. */
    enum Verdict { VALID, EXPIRED, INVALID }

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    UrlSigner(byte[] secret) {
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    /** {@code url} with {@code exp} and {@code sig} query parameters added; its path is what is signed. */
    String sign(String url, long expiresEpochSecond) {
        int query = url.indexOf('?');
        String path = query < 0 ? url : url.substring(0, query);
        return url + (query < 0 ? '?' : '&') + EXPIRES + "=" + expiresEpochSecond
                + "&" + SIGNATURE + "=" + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(path, expiresEpochSecond));
    }

    /** Whether {@code signature} signs {@code path} with {@code expires}, and whether that is still before {@code now}. */
    Verdict check(String path, String expires, String signature, Instant now) {
        if (expires == null || signature == null || !expires.matches("\\d{1,12}")) {
            return Verdict.INVALID;
        }
        long expiry = Long.parseLong(expires);
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return Verdict.INVALID;
        }
        if (!MessageDigest.isEqual(mac(path, expiry), given)) {
            return Verdict.INVALID;
        }
        return now.getEpochSecond() < expiry ? Verdict.VALID : Verdict.EXPIRED;
    }

    private byte[] mac(String path, long expiry) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal((path + "\n" + expiry).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has " + ALGORITHM, e);
        }
    }
}
