package dev.caravan.registry;

/** Published once a device is removed from the registry, for those who keep something of it outside the database. */
public record DeviceDeleted(String deviceId) {
}
