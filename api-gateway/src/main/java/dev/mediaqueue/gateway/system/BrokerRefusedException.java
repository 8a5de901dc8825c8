package dev.mediaqueue.gateway.system;

/** The broker did not take a message: unreachable, no confirm in time, a nack, or unroutable. */
public class BrokerRefusedException extends RuntimeException {

    public BrokerRefusedException(String message, Throwable cause) {
        super(message, cause);
    }

    public BrokerRefusedException(String message) {
        super(message);
    }
}
