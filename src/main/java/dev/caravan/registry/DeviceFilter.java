package dev.caravan.registry;

/** Filters of {@code GET /api/devices}; null means any. */
public record DeviceFilter(String group, String type, DeviceState status, int limit, int offset) {
}
