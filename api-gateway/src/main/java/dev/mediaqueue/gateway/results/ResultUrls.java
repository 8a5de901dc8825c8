package dev.mediaqueue.gateway.results;

import dev.mediaqueue.model.JobResult;
import dev.mediaqueue.model.JobStatusView;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the result-store URLs of a status ({@code result.output_url}, {@code result.metadata.outputs[].url},
 * {@code preview_url}) into signed, expiring URLs, and checks them when a file is asked for.
 *
 * <p>A signed URL is the only way to a result file: the status that carries it is answered only to the
 * job's tenant, and it works without a header, so {@code <img src>} and {@code <video src>} can use it.
 *
 * <p>The expiry is bucketed: every URL signed within one validity period gets the same expiry, the end
 * of the period after next, so a URL stays valid at least one period and at most two, and a status polled
 * again and again carries the same URL until the period turns. The {@code ETag} of a status with signed
 * URLs carries the period ({@link Signed#version()}), so a client holding an old URL gets the new one with
 * its next 200 instead of a 304 that would keep it on an expiring link.
 */
public final class ResultUrls {

    static final String PREFIX = "/exports/";

    /** A status view with its URLs signed, and the expiry they carry ({@code null} when it had none to sign). */
    public record Signed(JobStatusView view, String version) {
    }

    private final UrlSigner signer;
    private final long validitySeconds;
    private final Clock clock;

    /**
     * @param secret   the HMAC key
     * @param validity how long a URL stays valid at least (at most twice as long)
     */
    public ResultUrls(byte[] secret, Duration validity, Clock clock) {
        if (validity.toSeconds() < 1) {
            throw new IllegalStateException("mediaqueue.security.signed-url-validity must be at least 1s, was " + validity);
        }
        this.signer = new UrlSigner(secret);
        this.validitySeconds = validity.toSeconds();
        this.clock = clock;
    }

    /** {@code view} with every result-store URL signed, plus the version its {@code ETag} must carry. */
    public Signed sign(JobStatusView view) {
        JobResult result = view.result();
        if (result == null && !isResultUrl(view.previewUrl())) {
            return new Signed(view, null);
        }
        long expires = expiresNow();
        JobResult signedResult = result == null ? null
                : new JobResult(sign(result.outputUrl(), expires), result.contentType(), result.sizeBytes(),
                        signedMetadata(result.metadata(), expires));
        JobStatusView signed = new JobStatusView(view.jobId(), view.status(), view.progress(), view.message(),
                signedResult, view.error(), view.errorType(), view.createdAt(), view.startedAt(), view.completedAt(),
                view.updatedAt(), view.mediaType(), view.priority(), view.attempt(), view.queuePosition(),
                view.etaSeconds(), sign(view.previewUrl(), expires), view.batchId(), view.pollAfterMs());
        return new Signed(signed, "u" + expires);
    }

    /** {@code view} with every result-store URL signed, for answers without an {@code ETag}. */
    public JobStatusView signed(JobStatusView view) {
        return sign(view).view();
    }

    UrlSigner.Verdict check(String path, String expires, String signature) {
        return signer.check(path, expires, signature, clock.instant());
    }

    /** The expiry of URLs signed now: the end of the period after the current one. */
    long expiresNow() {
        long period = clock.instant().getEpochSecond() / validitySeconds;
        return (period + 2) * validitySeconds;
    }

    Instant expiryOf(String expires) {
        return Instant.ofEpochSecond(Long.parseLong(expires));
    }

    private String sign(String url, long expires) {
        return isResultUrl(url) ? signer.sign(url, expires) : url;
    }

    private Map<String, Object> signedMetadata(Map<String, Object> metadata, long expires) {
        if (!(metadata.get("outputs") instanceof List<?> outputs)) {
            return metadata;
        }
        Map<String, Object> signed = new LinkedHashMap<>(metadata);
        signed.put("outputs", outputs.stream().map(output -> signedOutput(output, expires)).toList());
        return signed;
    }

    private Object signedOutput(Object output, long expires) {
        if (!(output instanceof Map<?, ?> fields) || !(fields.get("url") instanceof String url)) {
            return output;
        }
        Map<Object, Object> signed = new LinkedHashMap<>(fields);
        signed.put("url", sign(url, expires));
        return signed;
    }

    private static boolean isResultUrl(String url) {
        return url != null && url.startsWith(PREFIX);
    }
}
