package dev.caravan.registry;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.caravan.mqtt.DeviceIds;
import dev.caravan.support.BadRequestException;

/** What a client may set on a device: the body of {@code POST /api/devices} and {@code PUT /api/devices/{id}}. */
public record DeviceSpec(
        String id,
        String type,
        String model,
        String firmwareVersion,
        String location,
        String protocol,
        JsonNode metadata,
        List<String> groups) {

    public static final Set<String> PROTOCOLS = Set.of("mqtt", "http", "modbus", "sunspec", "ocpp", "eebus");
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final int MAX_TEXT = 256;
    private static final int MAX_METADATA_CHARS = 16 * 1024;

    /** Checks the rules and fills defaults; the message of the exception names the field. */
    public DeviceSpec validated() {
        String problem = DeviceIds.problem(id);
        if (problem != null) {
            throw new BadRequestException("id: " + problem);
        }
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new BadRequestException("type: required; letters, digits and . _ - (at most 64)");
        }
        text("model", model);
        text("firmwareVersion", firmwareVersion);
        text("location", location);
        String proto = protocol == null ? "mqtt" : protocol;
        if (!PROTOCOLS.contains(proto)) {
            throw new BadRequestException("protocol: one of " + PROTOCOLS.stream().sorted().toList());
        }
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            throw new BadRequestException("metadata: must be a JSON object");
        }
        if (metadata != null && metadata.toString().length() > MAX_METADATA_CHARS) {
            throw new BadRequestException("metadata: larger than " + MAX_METADATA_CHARS + " characters");
        }
        List<String> groupIds = groups == null ? List.of() : groups.stream().distinct().toList();
        return new DeviceSpec(id, type, model, firmwareVersion, location, proto,
                metadata == null || metadata.isNull() ? null : metadata, groupIds);
    }

    private static void text(String field, String value) {
        if (value != null && value.length() > MAX_TEXT) {
            throw new BadRequestException(field + ": longer than " + MAX_TEXT + " characters");
        }
    }
}
