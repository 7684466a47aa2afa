package dev.caravan.component.modbus.map;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.boot.convert.DurationStyle;

/**
 * Reads a register map from its YAML tree (docs/modbus.md describes the format) and checks it: every problem names
 * the point and the field, so that a broken profile is fixed from the message alone.
 */
final class RegisterMapParser {

    private static final Set<String> POINT_FIELDS = Set.of("name", "table", "address", "type", "byteOrder",
            "wordOrder", "scale", "offset", "unit", "group", "bit", "length", "values", "flags", "deadband",
            "writable", "description");

    private RegisterMapParser() {
    }

    static RegisterMap parse(String id, JsonNode root) {
        JsonNode defaults = root.path("defaults");
        Map<String, PollGroup> groups = groups(root.path("groups"));
        List<Point> points = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode node : root.path("points")) {
            String name = node.path("name").asText("");
            try {
                Point point = point(node, defaults, groups);
                if (!names.add(point.name())) {
                    throw new IllegalArgumentException("the name is used twice");
                }
                points.add(point);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("point '" + name + "': " + e.getMessage(), e);
            }
        }
        if (points.isEmpty()) {
            throw new IllegalArgumentException("no points");
        }
        int maxGap = root.path("maxGap").asInt(10);
        if (maxGap < 0) {
            throw new IllegalArgumentException("maxGap: at least 0");
        }
        return new RegisterMap(id, root.path("manufacturer").asText(null), root.path("model").asText(null), maxGap,
                groups, points);
    }

    private static Map<String, PollGroup> groups(JsonNode node) {
        Map<String, PollGroup> groups = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isEmpty()) {
            groups.put("default", new PollGroup("default", Duration.ofSeconds(10), Report.ON_CHANGE));
            return groups;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            try {
                Duration interval = DurationStyle.detectAndParse(entry.getValue().path("interval").asText("10s"));
                if (interval.toMillis() < 1) {
                    throw new IllegalArgumentException("interval: at least 1ms");
                }
                groups.put(name, new PollGroup(name, interval,
                        Report.parse(entry.getValue().path("report").asText("on-change"))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("group '" + name + "': " + e.getMessage(), e);
            }
        }
        return groups;
    }

    private static Point point(JsonNode node, JsonNode defaults, Map<String, PollGroup> groups) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!POINT_FIELDS.contains(field)) {
                throw new IllegalArgumentException("unknown field '" + field + "'");
            }
        }
        String name = node.path("name").asText("");
        if (!name.matches("[A-Za-z_][A-Za-z0-9_:-]{0,47}")) {
            throw new IllegalArgumentException("name: required; a letter or _, then letters, digits, _ : - (at most"
                    + " 48); it becomes a telemetry key");
        }
        Table table = Table.parse(text(node, defaults, "table", "holding"));
        JsonNode address = node.path("address");
        if (!address.canConvertToInt() || address.asInt() < 0 || address.asInt() > 0xFFFF) {
            throw new IllegalArgumentException("address: required, 0 to 65535 (the protocol address, not 40001)");
        }
        DataType type = table.bits() ? DataType.BIT : DataType.parse(text(node, defaults, "type", "uint16"));
        int length = node.path("length").asInt(type.registers());
        if (type == DataType.STRING && (length < 1 || length > Table.MAX_REGISTERS_PER_READ)) {
            throw new IllegalArgumentException("length: a string needs its length in registers (1 to 125)");
        }
        int bit = node.path("bit").asInt(0);
        if (bit < 0 || bit > 15) {
            throw new IllegalArgumentException("bit: 0 to 15");
        }
        String group = text(node, defaults, "group", groups.keySet().iterator().next());
        if (!groups.containsKey(group)) {
            throw new IllegalArgumentException("group '" + group + "' is not among " + groups.keySet());
        }
        double scale = node.path("scale").asDouble(defaults.path("scale").asDouble(1.0));
        if (scale == 0) {
            throw new IllegalArgumentException("scale: must not be 0");
        }
        boolean writable = node.path("writable").asBoolean(false);
        if (writable && (!table.writable() || (type == DataType.BIT && !table.bits()))) {
            throw new IllegalArgumentException("writable: only coils and whole holding registers can be written");
        }
        Map<Integer, String> labels = numbered(node.path("values"), "values");
        Map<Integer, String> flags = numbered(node.path("flags"), "flags");
        if (type == DataType.BITFIELD && flags.isEmpty()) {
            throw new IllegalArgumentException("flags: a bitfield names its bits (bit number: flag name)");
        }
        return new Point(name, table, address.asInt(), type,
                Endian.parse("byteOrder", text(node, defaults, "byteOrder", "big")),
                Endian.parse("wordOrder", text(node, defaults, "wordOrder", "big")),
                scale, node.path("offset").asDouble(0.0), node.path("unit").asText(null), group, bit, length,
                labels, flags, node.path("deadband").asDouble(0.0), writable);
    }

    private static String text(JsonNode node, JsonNode defaults, String field, String fallback) {
        return node.path(field).asText(defaults.path(field).asText(fallback));
    }

    private static Map<Integer, String> numbered(JsonNode node, String field) {
        Map<Integer, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            try {
                map.put(Integer.parseInt(entry.getKey().trim()), entry.getValue().asText());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(field + ": keys are numbers, not '" + entry.getKey() + "'");
            }
        }
        return Map.copyOf(map);
    }
}
