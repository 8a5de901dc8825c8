package dev.mediaqueue.gateway.results;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Lets a result file request through only with a valid signature ({@link ResultUrls}). An unsigned or
 * tampered URL is a 404, the same answer as for a file that does not exist, so nothing about other
 * tenants' files can be learnt by trying; a correctly signed but expired URL is a 403 saying how to get a
 * fresh one (only someone who once held the URL can get this far).
 *
 * <p>The signature covers the path exactly as the client sent it: any other spelling of it (percent
 * escapes, dot segments) does not match, so a signature never opens a path it was not made for.
 */
final class SignedUrlInterceptor implements HandlerInterceptor {

    private final ResultUrls urls;

    SignedUrlInterceptor(ResultUrls urls) {
        this.urls = urls;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String expires = request.getParameter(UrlSigner.EXPIRES);
        switch (urls.check(path, expires, request.getParameter(UrlSigner.SIGNATURE))) {
            case VALID -> {
                return true;
            }
            case EXPIRED -> throw new ErrorResponseException(HttpStatus.FORBIDDEN, ProblemDetail.forStatusAndDetail(
                    HttpStatus.FORBIDDEN, "this result URL expired at " + urls.expiryOf(expires)
                            + "; the job's status has a fresh output_url"), null);
            case INVALID -> throw new ErrorResponseException(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(
                    HttpStatus.NOT_FOUND, "no result file at this URL; result files are served only at the signed "
                            + "output_url of the job's status"), null);
        }
        return false;
    }
}
