package dev.mediaqueue.gateway.job;

import dev.mediaqueue.gateway.system.InvalidField;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import java.util.List;

/** A job request with invalid fields; answered 400 with every offending field listed. */
class InvalidJobRequestException extends ErrorResponseException {

    private final List<InvalidField> errors;

    InvalidJobRequestException(List<InvalidField> errors) {
        super(HttpStatus.BAD_REQUEST, InvalidField.problem(errors), null);
        this.errors = List.copyOf(errors);
    }

    List<InvalidField> errors() {
        return errors;
    }
}
