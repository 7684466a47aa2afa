package dev.caravan.telemetry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.stereotype.Component;

import dev.caravan.deadletter.DeadLetterReason;
import dev.caravan.deadletter.InvalidMessageException;
import dev.caravan.mqtt.PayloadTime;

/** Turns a schema-valid telemetry payload into values with a timestamp. */
@Component
public class TelemetryParser {

    private final TelemetryProperties properties;
    private final ReceiveClock clock;

    public TelemetryParser(TelemetryProperties properties, ReceiveClock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    public TelemetryMessage parse(String deviceId, JsonNode payload, Instant receivedAt) {
        Instant ts = payload.hasNonNull(PayloadTime.FIELD) ? timestamp(payload, receivedAt) : clock.stamp(deviceId);
        List<TelemetryValue> values = new ArrayList<>(payload.size());
        Iterator<Map.Entry<String, JsonNode>> fields = payload.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!PayloadTime.FIELD.equals(field.getKey())) {
                values.add(value(field.getKey(), field.getValue()));
            }
        }
        if (values.isEmpty()) {
            throw new InvalidMessageException(DeadLetterReason.SCHEMA_VIOLATION, "telemetry has no values");
        }
        return new TelemetryMessage(deviceId, ts, receivedAt, values);
    }

    private Instant timestamp(JsonNode payload, Instant receivedAt) {
        Instant ts = PayloadTime.of(payload, receivedAt);
        if (ts.isAfter(receivedAt.plus(properties.maxFutureSkew()))) {
            throw new InvalidMessageException(DeadLetterReason.SCHEMA_VIOLATION, "ts: " + ts
                    + " is more than " + properties.maxFutureSkew() + " in the future");
        }
        return ts;
    }

    private static TelemetryValue value(String key, JsonNode node) {
        if (node.isNumber()) {
            double number = node.asDouble();
            if (!Double.isFinite(number)) {
                throw new InvalidMessageException(DeadLetterReason.SCHEMA_VIOLATION,
                        "$." + key + ": number out of range");
            }
            return new TelemetryValue(key, number, null, null);
        }
        if (node.isBoolean()) {
            return new TelemetryValue(key, null, node.booleanValue(), null);
        }
        if (node.isTextual()) {
            return new TelemetryValue(key, null, null, node.textValue());
        }
        // the schema lets only these three through
        throw new InvalidMessageException(DeadLetterReason.SCHEMA_VIOLATION,
                "$." + key + ": " + node.getNodeType().name().toLowerCase() + " found, number, boolean or string"
                        + " expected");
    }
}
