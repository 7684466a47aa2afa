package dev.caravan.telemetry;

import java.time.Instant;
import java.util.List;

/**
 * A parsed telemetry message.
 *
 * @param ts         when the values were measured: the device's {@code ts}, or when the hub received them
 * @param receivedAt when the hub received the message
 */
public record TelemetryMessage(String deviceId, Instant ts, Instant receivedAt, List<TelemetryValue> values) {
}
