package dev.caravan.component.sunspec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns the models read from a device into one canonical telemetry object: flat keys as the mapping names them,
 * numbers as numbers, enums as their symbol names, bitfields as the names of the set bits joined by commas. Points
 * without a value are left out; a key set by an earlier model is kept.
 */
public final class SunSpecTelemetryMapper {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private final TelemetryMapping mapping;

    public SunSpecTelemetryMapper(TelemetryMapping mapping) {
        this.mapping = mapping;
    }

    public ObjectNode toTelemetry(List<DecodedModel> models) {
        ObjectNode telemetry = NODES.objectNode();
        for (DecodedModel model : models) {
            mapping.forModel(model.id()).ifPresent(modelMapping -> {
                put(telemetry, model.group(), modelMapping.points(), "");
                modelMapping.groups().forEach((group, points) -> {
                    List<DecodedGroup> instances = model.group().instances(group);
                    for (int i = 0; i < instances.size(); i++) {
                        put(telemetry, instances.get(i), points, String.valueOf(i + 1));
                    }
                });
            });
        }
        return telemetry;
    }

    private static void put(ObjectNode telemetry, DecodedGroup group, TelemetryMapping.Points points,
            String instance) {
        String prefix = points.prefix().replace(TelemetryMapping.INSTANCE, instance);
        for (Map.Entry<String, String> entry : points.keys().entrySet()) {
            Object value = group.value(entry.getKey());
            String key = prefix + entry.getValue();
            if (value != null && !telemetry.has(key)) {
                telemetry.set(key, json(value));
            }
        }
    }

    private static JsonNode json(Object value) {
        if (value instanceof BigDecimal decimal) {
            return NODES.numberNode(decimal);
        }
        if (value instanceof BigInteger big) {
            return NODES.numberNode(big);
        }
        if (value instanceof Long number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Double number) {
            return NODES.numberNode(number);
        }
        if (value instanceof List<?> names) {
            return NODES.textNode(String.join(",", names.stream().map(String::valueOf).toList()));
        }
        return NODES.textNode(String.valueOf(value));
    }
}
