package dev.caravan.status;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** Published (as a Spring application event) for every status message a device sends, after it is applied. */
public record DeviceStatusReported(String deviceId, JsonNode status, Instant at) {
}
