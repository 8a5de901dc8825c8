package dev.mediaqueue.gateway.system;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * One offending field of a request, listed in the {@code errors} member of a 400 problem.
 *
 * @param field  the field's JSON name (a dotted path for nested fields)
 * @param detail what is wrong with it, in words a client developer can act on
 */
public record InvalidField(String field, String detail) {

    /** Both may quote the request (an unknown field's name, a wrong value): made safe to write back. */
    public InvalidField {
        field = SafeText.forEcho(field, 200);
        detail = SafeText.forEcho(detail, 1000);
    }

    /** A 400 problem listing every invalid field; its {@code detail} names them all. */
    public static ProblemDetail problem(List<InvalidField> errors) {
        String summary = errors.stream().map(e -> e.field() + ": " + e.detail()).collect(Collectors.joining("; "));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "invalid request: " + summary);
        problem.setProperty("errors", List.copyOf(errors));
        return problem;
    }
}
