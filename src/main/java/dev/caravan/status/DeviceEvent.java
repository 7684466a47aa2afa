package dev.caravan.status;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An entry of a device's event history.
 *
 * @param category {@code status} for transitions recorded by the hub, {@code device} for events the device reported
 */
public record DeviceEvent(String deviceId, Instant ts, String category, String type, String severity,
                          String message, JsonNode data) {
}
