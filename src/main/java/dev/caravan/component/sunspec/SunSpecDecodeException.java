package dev.caravan.component.sunspec;

/** Registers that do not fit their model definition; the message names the model and the point. */
public class SunSpecDecodeException extends RuntimeException {

    public SunSpecDecodeException(String message) {
        super(message);
    }
}
