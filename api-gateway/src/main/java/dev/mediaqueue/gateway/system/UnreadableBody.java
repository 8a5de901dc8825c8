package dev.mediaqueue.gateway.system;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.List;
import java.util.stream.Collectors;

/** Says in plain words why a request body could not be read. */
final class UnreadableBody {

    private UnreadableBody() {
    }

    static ProblemDetail problem(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            return InvalidField.problem(List.of(new InvalidField(field, "unknown field '" + field + "'")));
        }
        if (cause instanceof MismatchedInputException mismatch) {
            if (mismatch.getPath().isEmpty()) {
                return badRequest("the request body must be a JSON object");
            }
            return InvalidField.problem(List.of(new InvalidField(path(mismatch), "has the wrong JSON type")));
        }
        if (cause instanceof StreamReadException syntax) {
            return badRequest("malformed JSON body" + at(syntax.getLocation()));
        }
        if (cause == null && String.valueOf(e.getMessage()).startsWith("Required request body is missing")) {
            return badRequest("the request body is missing");
        }
        return badRequest("malformed JSON body");
    }

    private static String path(JacksonException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String at(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static ProblemDetail badRequest(String detail) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    }
}
