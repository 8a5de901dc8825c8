package dev.mediaqueue.gateway.security;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves the {@link Caller} parameter of a handler method. This is where authentication plugs in:
 * today every request is the default tenant's; an API key filter would put the tenant it found on the
 * request and this resolver would read it from there.
 */
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                  NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        Caller caller = webRequest.getNativeRequest(jakarta.servlet.http.HttpServletRequest.class) == null ? null
                : Caller.of(webRequest.getNativeRequest(jakarta.servlet.http.HttpServletRequest.class));
        return caller != null ? caller : Caller.DEFAULT;
    }
}
