package dev.caravan.mqtt;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.JsonNode;

import dev.caravan.deadletter.DeadLetterReason;
import dev.caravan.deadletter.InvalidMessageException;

/** The {@code ts} field of canonical payloads: ISO-8601 with an offset, or epoch milliseconds. */
public final class PayloadTime {

    public static final String FIELD = "ts";

    private PayloadTime() {
    }

    /** The payload's {@code ts}, or {@code fallback} when it has none. */
    public static Instant of(JsonNode payload, Instant fallback) {
        JsonNode ts = payload.get(FIELD);
        if (ts == null || ts.isNull()) {
            return fallback;
        }
        try {
            return ts.isIntegralNumber() ? Instant.ofEpochMilli(ts.asLong())
                    : OffsetDateTime.parse(ts.asText()).toInstant();
        } catch (DateTimeException e) {
            throw new InvalidMessageException(DeadLetterReason.SCHEMA_VIOLATION,
                    "ts: '" + ts.asText() + "' is not an ISO-8601 time with offset or epoch milliseconds");
        }
    }
}
