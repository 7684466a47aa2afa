package dev.caravan.registry;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** A group of devices: a site, a zone inside a site, or a function. */
public record DeviceGroup(String id, GroupKind kind, String name, String parentId, JsonNode metadata,
                          Instant createdAt) {
}
