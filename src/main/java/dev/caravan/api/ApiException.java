package dev.caravan.api;

import java.util.Map;

/**
 * An HTTP error with its status and a machine-readable code; the message is for people. {@code headers} go into the
 * answer too (for example {@code Retry-After} with a 429).
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, String> headers;

    public ApiException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public ApiException(int status, String code, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    /** 429 with {@code Retry-After}: the wait in whole seconds, rounded up, at least one. */
    public static ApiException tooManyRequests(String code, String message, long waitMillis) {
        long seconds = Math.max(1, (waitMillis + 999) / 1000);
        return new ApiException(429, code, message, Map.of("Retry-After", Long.toString(seconds)));
    }

    public Map<String, String> headers() {
        return headers;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
