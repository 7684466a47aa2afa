package dev.caravan.registry;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** A registered device as the API shows it. */
public record Device(
        String id,
        String type,
        String model,
        String firmwareVersion,
        String location,
        String protocol,
        JsonNode metadata,
        List<String> groups,
        DeviceState status,
        Instant statusChangedAt,
        JsonNode statusDetail,
        Instant lastSeen,
        boolean autoRegistered,
        Instant createdAt,
        Instant updatedAt) {
}
