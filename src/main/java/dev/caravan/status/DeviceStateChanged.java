package dev.caravan.status;

import java.time.Instant;

import dev.caravan.registry.DeviceState;

/** Published (as a Spring application event) after a device's state transition is stored. */
public record DeviceStateChanged(String deviceId, DeviceState from, DeviceState to, String cause, Instant at) {
}
