package dev.caravan.component.modbus.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.caravan.registry.Device;

/**
 * Where a registered Modbus device is, from its metadata: {@code host} (required), {@code port} (502),
 * {@code unitId} (1), {@code profile} (required), {@code transport} (tcp; rtu with {@code host} the serial port and
 * optionally {@code baudRate}, {@code parity}, {@code dataBits}, {@code stopBits}). These become the parameters of the
 * {@code modbus-poll} route template.
 */
record ModbusDeviceSettings(Map<String, String> templateParameters) {

    static ModbusDeviceSettings of(Device device) {
        JsonNode metadata = device.metadata();
        if (metadata == null || !metadata.hasNonNull("host") || !metadata.hasNonNull("profile")) {
            throw new IllegalArgumentException("device " + device.id() + " (protocol modbus): metadata needs host"
                    + " and profile, e.g. {\"host\":\"10.0.0.5\",\"port\":502,\"unitId\":1,"
                    + "\"profile\":\"eastron-sdm630\"}");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("deviceId", device.id());
        parameters.put("host", metadata.get("host").asText());
        parameters.put("port", String.valueOf(number(device, metadata, "port", 502, 65535)));
        parameters.put("unitId", String.valueOf(number(device, metadata, "unitId", 1, 255)));
        parameters.put("profile", metadata.get("profile").asText());
        parameters.put("transport", metadata.path("transport").asText("tcp"));
        // the serial line of transport rtu, when given
        for (String line : new String[] {"baudRate", "parity", "dataBits", "stopBits"}) {
            if (metadata.hasNonNull(line)) {
                parameters.put(line, metadata.get(line).asText());
            }
        }
        return new ModbusDeviceSettings(Map.copyOf(parameters));
    }

    private static int number(Device device, JsonNode metadata, String field, int fallback, int max) {
        JsonNode value = metadata.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToInt() || value.asInt() < 0 || value.asInt() > max) {
            throw new IllegalArgumentException("device " + device.id() + ": metadata." + field + " must be a number"
                    + " from 0 to " + max + ", not " + value);
        }
        return value.asInt();
    }
}
