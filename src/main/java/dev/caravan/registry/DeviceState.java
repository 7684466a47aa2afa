package dev.caravan.registry;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A device's connection state as the hub knows it. */
public enum DeviceState {
    /** Registered, never heard from. */
    UNKNOWN,
    ONLINE,
    OFFLINE,
    /** Taken out of service on purpose; heartbeat timeouts leave it alone. */
    MAINTENANCE;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static DeviceState of(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
