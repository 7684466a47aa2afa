package dev.caravan.envelope;

/** An envelope that cannot be opened: not an envelope, a wrong key, tampered with, or made for another topic. */
public class EnvelopeException extends RuntimeException {

    public EnvelopeException(String message) {
        super(message);
    }

    public EnvelopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
