package dev.caravan.component.sunspec;

/**
 * A control write that was refused, failed or not confirmed. {@link #code()} is the command outcome's code:
 * {@code BAD_REQUEST} (no such model or point, not writable, a value that does not fit), {@code NOT_SUNSPEC},
 * {@code NOT_CONFIRMED} (the device did not take the value), or the Modbus failure ({@code TIMEOUT},
 * {@code UNREACHABLE}, {@code ILLEGAL_DATA_ADDRESS}, ...).
 */
public class SunSpecControlException extends Exception {

    private final String code;

    public SunSpecControlException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
