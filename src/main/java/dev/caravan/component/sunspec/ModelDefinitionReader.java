package dev.caravan.component.sunspec;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a model definition in the SunSpec JSON model format (the official {@code model_<id>.json} files and the
 * project's own). Only the facts are read; descriptive text is ignored. Every reference (scale factors, group
 * counts) is checked, so that a bad file fails when it is loaded, naming the file and the place.
 */
public final class ModelDefinitionReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String origin;
    /** The points of the groups enclosing the one being read, innermost first: what a reference may name. */
    private final Deque<List<PointDefinition>> scopes = new ArrayDeque<>();

    private ModelDefinitionReader(String origin) {
        this.origin = origin;
    }

    /** @param origin where the definition comes from, for error messages */
    public static ModelDefinition read(InputStream in, String origin) {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (IOException e) {
            throw new InvalidModelDefinitionException(origin + ": not JSON: " + e.getMessage(), e);
        }
        return new ModelDefinitionReader(origin).model(root);
    }

    private ModelDefinition model(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw invalid("", "the definition must be a JSON object");
        }
        JsonNode id = root.get("id");
        if (id == null || !id.canConvertToInt() || id.asInt() < 1 || id.asInt() > 65534) {
            throw invalid("id", "must be a model id from 1 to 65534, is " + id);
        }
        GroupDefinition group = group(object(root, "group", "group"), "group");
        List<PointDefinition> points = group.points();
        if (points.size() < 2 || !points.get(0).name().equals("ID") || !points.get(1).name().equals("L")) {
            throw invalid("group.points", "the first two points must be ID and L");
        }
        return new ModelDefinition(id.asInt(), group);
    }

    private GroupDefinition group(JsonNode node, String path) {
        String name = text(node, "name", path, true);
        List<PointDefinition> points = new ArrayList<>();
        for (JsonNode point : array(node, "points")) {
            points.add(point(point, path + ".points[" + points.size() + "]"));
        }
        GroupCount count = count(node.get("count"), path);
        scopes.push(points);
        try {
            for (int i = 0; i < points.size(); i++) {
                checkScaleFactor(points.get(i), path + ".points[" + i + "]");
            }
            List<GroupDefinition> groups = new ArrayList<>();
            for (JsonNode child : array(node, "groups")) {
                groups.add(group(child, path + ".groups[" + groups.size() + "]"));
            }
            return new GroupDefinition(name, count, points, groups);
        } finally {
            scopes.pop();
        }
    }

    private GroupCount count(JsonNode count, String path) {
        if (count == null) {
            return GroupCount.ONCE;
        }
        if (count.canConvertToInt() && count.asInt() >= 0) {
            return GroupCount.fixed(count.asInt());
        }
        if (count.isTextual()) {
            if (visible(count.asText()) == null) {
                throw invalid(path + ".count", "names point '" + count.asText()
                        + "', which is not in this or an enclosing group");
            }
            return GroupCount.fromPoint(count.asText());
        }
        throw invalid(path + ".count", "must be a number of at least 0 or a point name, is " + count);
    }

    private PointDefinition point(JsonNode node, String path) {
        String name = text(node, "name", path, true);
        PointType type;
        try {
            type = PointType.of(text(node, "type", path, true));
        } catch (IllegalArgumentException e) {
            throw invalid(path + ".type", e.getMessage());
        }
        JsonNode sizeNode = node.get("size");
        if (sizeNode == null || !sizeNode.canConvertToInt() || sizeNode.asInt() < 1) {
            throw invalid(path + ".size", "must be a number of registers of at least 1, is " + sizeNode);
        }
        int size = sizeNode.asInt();
        if (type != PointType.STRING && size != type.registers()) {
            throw invalid(path + ".size", "a " + type.jsonName() + " takes " + type.registers()
                    + " registers, not " + size);
        }
        JsonNode sf = node.get("sf");
        JsonNode value = node.get("value");
        return new PointDefinition(name, type, size, sf == null ? null : sf.asText(),
                text(node, "units", path, false), "RW".equals(text(node, "access", path, false)),
                "M".equals(text(node, "mandatory", path, false)), "S".equals(text(node, "static", path, false)),
                symbols(node, path), value != null && value.canConvertToLong() ? value.asLong() : null);
    }

    private List<Symbol> symbols(JsonNode point, String path) {
        List<Symbol> symbols = new ArrayList<>();
        for (JsonNode symbol : array(point, "symbols")) {
            String at = path + ".symbols[" + symbols.size() + "]";
            JsonNode value = symbol.get("value");
            if (value == null || !value.canConvertToLong()) {
                throw invalid(at + ".value", "must be a number, is " + value);
            }
            symbols.add(new Symbol(text(symbol, "name", at, true), value.asLong()));
        }
        return symbols;
    }

    private void checkScaleFactor(PointDefinition point, String path) {
        point.scaleFactorPoint().ifPresent(reference -> {
            PointDefinition target = visible(reference);
            if (target == null || target.type() != PointType.SUNSSF) {
                throw invalid(path + ".sf", "'" + reference + "' is not a sunssf point of this or an enclosing group");
            }
        });
    }

    /** The point of that name in the group being read or an enclosing one, the innermost first; null if none. */
    private PointDefinition visible(String name) {
        for (List<PointDefinition> scope : scopes) {
            for (PointDefinition point : scope) {
                if (point.name().equals(name)) {
                    return point;
                }
            }
        }
        return null;
    }

    private JsonNode object(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            throw invalid(path, "must be a JSON object");
        }
        return value;
    }

    private static Iterable<JsonNode> array(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isArray() ? List.of() : value;
    }

    private String text(JsonNode node, String field, String path, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw invalid(path + "." + field, "is missing");
            }
            return null;
        }
        if (!value.isTextual() || (required && value.asText().isBlank())) {
            throw invalid(path + "." + field, "must be a non-empty string, is " + value);
        }
        return value.asText();
    }

    private InvalidModelDefinitionException invalid(String path, String problem) {
        return new InvalidModelDefinitionException(origin + ": " + (path.isEmpty() ? "" : path + " ") + problem);
    }
}
