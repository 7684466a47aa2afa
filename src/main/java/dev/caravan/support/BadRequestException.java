package dev.caravan.support;

/** A request that breaks a rule; the message says which (HTTP 400). */
public class BadRequestException extends RuntimeException {

    public BadRequestException(String message) {
        super(message);
    }
}
