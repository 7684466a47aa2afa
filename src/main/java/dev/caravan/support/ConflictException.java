package dev.caravan.support;

/** The request conflicts with what exists, such as a duplicate id (HTTP 409). */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
