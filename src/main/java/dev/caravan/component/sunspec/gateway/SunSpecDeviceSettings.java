package dev.caravan.component.sunspec.gateway;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.camel.util.TimeUtils;

import dev.caravan.registry.Device;

/**
 * Where a registered SunSpec device is, from its metadata: {@code host} (required), {@code port} (502),
 * {@code unitId} (1), {@code interval} (10s). These become the parameters of the {@code sunspec-poll} route template.
 * What the hub writes into the metadata itself ({@code sunspec}: the identity) plays no part, so storing it does not
 * restart the device's route.
 */
record SunSpecDeviceSettings(Map<String, String> templateParameters) {

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    static SunSpecDeviceSettings of(Device device) {
        JsonNode metadata = device.metadata();
        if (metadata == null || !metadata.path("host").isTextual() || metadata.get("host").asText().isBlank()) {
            throw new IllegalArgumentException("device " + device.id() + " (protocol sunspec): metadata needs"
                    + " host, e.g. {\"host\":\"10.0.0.7\",\"port\":502,\"unitId\":1,\"interval\":\"10s\"}");
        }
        return new SunSpecDeviceSettings(Map.of(
                "deviceId", device.id(),
                "host", metadata.get("host").asText(),
                "port", String.valueOf(whole(device, metadata, "port", 502, 1, 65535)),
                "unitId", String.valueOf(whole(device, metadata, "unitId", 1, 0, 255)),
                "interval", interval(device, metadata.get("interval"))));
    }

    private static int whole(Device device, JsonNode metadata, String field, int absent, int min, int max) {
        JsonNode value = metadata.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
            throw new IllegalArgumentException("device " + device.id() + ": metadata." + field + " takes a whole"
                    + " number from " + min + " to " + max + ", not " + value);
        }
        return value.asInt();
    }

    /** A duration such as "10s", "500ms", "1m", or milliseconds as a number; at least 100 ms. */
    private static String interval(Device device, JsonNode value) {
        long millis;
        if (value == null || value.isNull()) {
            return DEFAULT_INTERVAL.toMillis() + "ms";
        }
        try {
            millis = value.isNumber() ? value.asLong() : TimeUtils.toMilliSeconds(value.asText());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            millis = -1;
        }
        if (millis < 100) {
            throw new IllegalArgumentException("device " + device.id() + ": metadata.interval takes a duration of"
                    + " at least 100ms such as \"10s\", not " + value);
        }
        return millis + "ms";
    }
}
