package dev.caravan.component.modbus;

/**
 * A request that failed: the device answered with a Modbus exception, did not answer in time, could not be reached,
 * or the request itself was wrong. {@link #code()} is the short reason of a command's outcome.
 */
public class ModbusRequestException extends Exception {

    private final String code;

    public ModbusRequestException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
