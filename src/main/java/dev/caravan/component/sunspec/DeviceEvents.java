package dev.caravan.component.sunspec;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Discovery findings and identities as the canonical messages and headers carry them. */
final class DeviceEvents {

    private static final int MAX_MESSAGE = 1024;

    private DeviceEvents() {
    }

    /**
     * The body of {@code device/{id}/event}: type {@code sunspec.<kind>} ({@code sunspec.unknown_model},
     * {@code sunspec.wrong_length}, {@code sunspec.no_end_marker}, ...), severity, message, time and data.
     */
    static Map<String, Object> canonical(DiscoveryEvent event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "sunspec." + event.kind().name().toLowerCase(Locale.ROOT));
        body.put("severity", event.kind() == DiscoveryEvent.Kind.NOT_SUNSPEC ? "error" : "warning");
        String message = event.message();
        body.put("message", message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message);
        body.put("ts", System.currentTimeMillis());
        body.put("data", data(event));
        return body;
    }

    static Map<String, Object> data(DiscoveryEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("kind", event.kind().name());
        data.put("address", event.address());
        if (event.modelId() != null) {
            data.put("modelId", event.modelId());
        }
        data.put("message", event.message());
        return data;
    }

    /** Manufacturer, model, serialNumber and version; those the device leaves empty are left out. */
    static Map<String, String> identity(SunSpecIdentity identity) {
        Map<String, String> fields = new LinkedHashMap<>();
        putIfPresent(fields, "manufacturer", identity.manufacturer());
        putIfPresent(fields, "model", identity.model());
        putIfPresent(fields, "serialNumber", identity.serialNumber());
        putIfPresent(fields, "version", identity.version());
        return fields;
    }

    private static void putIfPresent(Map<String, String> fields, String key, String value) {
        if (value != null) {
            fields.put(key, value);
        }
    }
}
