package dev.caravan.deviceconfig;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A device's configuration: the desired version (published retained on {@code device/{id}/config}) and the version
 * the device reported applying (the {@code configVersion} of its status).
 *
 * @param published true once the broker acknowledged the retained publish of the desired version
 */
public record DeviceConfig(String deviceId, int version, JsonNode config, boolean published, Instant updatedAt,
                           Integer reportedVersion, Instant reportedAt) {
}
