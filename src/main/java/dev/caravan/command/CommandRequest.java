package dev.caravan.command;

import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import dev.caravan.support.BadRequestException;

/**
 * The body of {@code POST /api/devices/{id}/commands}.
 *
 * @param type      what to do ({@code RELOAD}, {@code SET_BRIGHTNESS}, …): letters, digits, {@code . _ : -}
 * @param params    the command's parameters, a JSON object
 * @param timeoutMs how long the device has to answer once the command is sent
 * @param ttlMs     how long the command may wait for delivery (the device offline) before it expires
 * @param retries   how often it is sent again after a timeout
 * @param awaitOutcome {@code wait} in JSON: answer with the outcome if it comes within the timeout
 */
public record CommandRequest(String type, JsonNode params, Long timeoutMs, Long ttlMs, Integer retries,
                             @JsonProperty("wait") Boolean awaitOutcome) {

    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    static final long MIN_TIMEOUT_MS = 100;
    static final long MAX_TIMEOUT_MS = 3_600_000;
    static final long MAX_TTL_MS = 30L * 24 * 3_600_000;
    static final int MAX_RETRIES = 10;

    public CommandRequest validated(CommandProperties defaults) {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new BadRequestException("type: required; 1 to 64 letters, digits and . _ : -");
        }
        if (params != null && !params.isNull() && !params.isObject()) {
            throw new BadRequestException("params: must be a JSON object");
        }
        long timeout = timeoutMs == null ? defaults.defaultTimeout().toMillis() : timeoutMs;
        if (timeout < MIN_TIMEOUT_MS || timeout > MAX_TIMEOUT_MS) {
            throw new BadRequestException("timeoutMs: between " + MIN_TIMEOUT_MS + " and " + MAX_TIMEOUT_MS);
        }
        long ttl = ttlMs == null ? defaults.defaultTtl().toMillis() : ttlMs;
        if (ttl < MIN_TIMEOUT_MS || ttl > MAX_TTL_MS) {
            throw new BadRequestException("ttlMs: between " + MIN_TIMEOUT_MS + " and " + MAX_TTL_MS);
        }
        int retryBudget = retries == null ? defaults.defaultRetries() : retries;
        if (retryBudget < 0 || retryBudget > MAX_RETRIES) {
            throw new BadRequestException("retries: between 0 and " + MAX_RETRIES);
        }
        return new CommandRequest(type, params == null || params.isNull() ? null : params, timeout, ttl, retryBudget,
                Boolean.TRUE.equals(awaitOutcome));
    }
}
