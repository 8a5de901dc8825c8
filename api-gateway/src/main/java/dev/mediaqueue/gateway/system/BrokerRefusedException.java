package dev.mediaqueue.gateway.system;

import java.util.Locale;

/** The broker did not take a message: unreachable, no confirm in time, a nack, or unroutable. */
public class BrokerRefusedException extends RuntimeException {

    /** Why the broker did not take the message; the {@code reason} tag of rejected jobs. */
    public enum Reason {
        /** Unreachable, or it answered with a nack (a full queue). */
        BROKER_REFUSED,
        /** No confirm within the confirm timeout. */
        CONFIRM_TIMEOUT,
        /** Confirmed, but no queue was bound for the routing key. */
        UNROUTABLE;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public BrokerRefusedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public BrokerRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public BrokerRefusedException(String message, Throwable cause) {
        this(Reason.BROKER_REFUSED, message, cause);
    }

    public BrokerRefusedException(String message) {
        this(Reason.BROKER_REFUSED, message);
    }

    public Reason reason() {
        return reason;
    }
}
