package dev.caravan.component.sunspec;

/** A model definition file that cannot be used; the message names the file and the place in it. */
public class InvalidModelDefinitionException extends IllegalArgumentException {

    public InvalidModelDefinitionException(String message) {
        super(message);
    }

    public InvalidModelDefinitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
