package dev.caravan.component.modbus.connection;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import com.digitalpetri.modbus.ExceptionCode;
import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import com.digitalpetri.modbus.exceptions.ModbusTimeoutException;

/** What went wrong with a request, in the terms the pollers and command outcomes use. */
public final class Failures {

    private Failures() {
    }

    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * True when the device answered, with a Modbus exception, so the link and the device are fine; except for a
     * gateway saying that the device behind it is unreachable, which is the device failing.
     */
    public static boolean deviceAnswered(Throwable failure) {
        return unwrap(failure) instanceof ModbusResponseException e
                && e.getExceptionCode() != ExceptionCode.GATEWAY_PATH_UNAVAILABLE.getCode()
                && e.getExceptionCode() != ExceptionCode.GATEWAY_TARGET_DEVICE_FAILED_TO_RESPONSE.getCode();
    }

    public static boolean timedOut(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof ModbusTimeoutException || cause instanceof TimeoutException;
    }

    /** A short code for events and command outcomes: the Modbus exception's name, TIMEOUT or UNREACHABLE. */
    public static String code(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ModbusResponseException e) {
            return ExceptionCode.from(e.getExceptionCode()).map(Enum::name)
                    .orElse("EXCEPTION_" + e.getExceptionCode());
        }
        return timedOut(cause) ? "TIMEOUT" : "UNREACHABLE";
    }

    public static String message(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ModbusResponseException e) {
            return "the device answered function " + e.getFunctionCode() + " with exception " + e.getExceptionCode()
                    + " (" + code(cause) + ")";
        }
        if (timedOut(cause)) {
            return "no answer in time";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
