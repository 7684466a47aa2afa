package dev.caravan.component.sunspec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a model's registers (from its ID register to the end of its length) by its definition: every point of
 * every group instance, scale factors applied, "not implemented" values left out, enums and bitfields named,
 * repeating groups counted by a point or by the model's length.
 */
public final class ModelDecoder {

    private final ModelDefinition model;
    private final short[] registers;

    private ModelDecoder(ModelDefinition model, short[] registers) {
        this.model = model;
        this.registers = registers;
    }

    /**
     * @param registers the model's registers, starting with ID and L
     * @param address where the model starts on the device, kept in the result
     * @throws SunSpecDecodeException when the registers do not fit the definition
     */
    public static DecodedModel decode(ModelDefinition model, short[] registers, int address) {
        ModelDecoder decoder = new ModelDecoder(model, registers);
        Instance top = decoder.group(model.group(), 0, null);
        if (top.end != registers.length) {
            throw decoder.failure("the definition describes " + (top.end - ModelDefinition.HEADER)
                    + " registers, the model's length is " + (registers.length - ModelDefinition.HEADER));
        }
        return new DecodedModel(model.id(), model.name(), address, top.group);
    }

    private record Instance(DecodedGroup group, int end) {
    }

    /** The raw values of a group instance and of the instances enclosing it, where references are resolved. */
    private record Scope(GroupDefinition group, Map<String, Object> raw, Scope parent) {

        Object find(String point) {
            boolean here = group.points().stream().anyMatch(p -> p.name().equals(point));
            return here ? raw.get(point) : parent == null ? null : parent.find(point);
        }
    }

    private Instance group(GroupDefinition group, int offset, Scope parent) {
        Map<String, Object> raw = new LinkedHashMap<>();
        int position = readPoints(group, offset, raw);
        Scope scope = new Scope(group, raw, parent);
        Map<String, Object> values = new LinkedHashMap<>();
        for (PointDefinition point : group.points()) {
            Object value = finish(point, raw.get(point.name()), scope);
            if (value != null) {
                values.put(point.name(), value);
            }
        }
        Map<String, List<DecodedGroup>> children = new LinkedHashMap<>();
        for (GroupDefinition child : group.groups()) {
            List<DecodedGroup> instances = new ArrayList<>();
            int count = count(child, position, scope);
            for (int i = 0; i < count; i++) {
                Instance instance = group(child, position, scope);
                instances.add(instance.group);
                position = instance.end;
            }
            children.put(child.name(), instances);
        }
        return new Instance(new DecodedGroup(group.name(), values, children), position);
    }

    /** The raw values of the group's own points, into {@code raw}; returns where its child groups start. */
    private int readPoints(GroupDefinition group, int offset, Map<String, Object> raw) {
        int position = offset;
        for (PointDefinition point : group.points()) {
            if (position + point.size() > registers.length) {
                if (point.type() == PointType.PAD) {
                    // a model may leave out trailing padding (model 1 of length 65)
                    position = registers.length;
                    continue;
                }
                throw failure("point " + group.name() + "." + point.name() + " at offset " + position
                        + " runs past the model's end");
            }
            raw.put(point.name(), PointDecoder.decode(point.type(), registers, position, point.size()));
            position += point.size();
        }
        return position;
    }

    private int count(GroupDefinition child, int position, Scope scope) {
        GroupCount count = child.count();
        if (count.fromPoint()) {
            Object value = scope.find(count.point());
            if (!(value instanceof Long number)) {
                throw failure("group " + child.name() + " is counted by " + count.point() + ", which is not implemented");
            }
            return Math.toIntExact(number);
        }
        if (!count.fillsTheModel()) {
            return count.fixed();
        }
        int each = child.fixedInstanceLength();
        int left = registers.length - position;
        if (each <= 0 || left % each != 0) {
            throw failure(left + " registers are left for group " + child.name() + ", not a multiple of its "
                    + each);
        }
        return left / each;
    }

    private Object finish(PointDefinition point, Object raw, Scope scope) {
        if (raw == null || point.type() == PointType.PAD) {
            return null;
        }
        if (point.type().isEnum()) {
            long number = (Long) raw;
            return point.symbolOf(number).<Object>map(name -> name).orElse(number);
        }
        if (point.type().isBitfield()) {
            return bits(point, (Long) raw);
        }
        if (point.scaleFactor() == null || !point.type().isScalable()) {
            return raw;
        }
        Object factor = point.fixedScaleFactor().<Object>map(Long::valueOf)
                .orElseGet(() -> scope.find(point.scaleFactor()));
        // without its scale factor a value cannot be told: absent, never a wrong number
        return factor == null ? null : scaled(raw, ((Long) factor).intValue());
    }

    /** The symbol names of the bits set in a bitfield ({@code bitN} for a bit without one). */
    static List<String> bits(PointDefinition point, long raw) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            if ((raw & (1L << bit)) != 0) {
                names.add(point.symbolOf(bit).orElse("bit" + bit));
            }
        }
        return names;
    }

    private static BigDecimal scaled(Object raw, int factor) {
        BigDecimal value = raw instanceof Double number ? BigDecimal.valueOf(number)
                : raw instanceof BigInteger big ? new BigDecimal(big) : BigDecimal.valueOf((Long) raw);
        BigDecimal result = value.scaleByPowerOfTen(factor);
        // 5 with a factor of 2 is 500, not 5E+2
        return result.scale() < 0 ? result.setScale(0) : result;
    }

    private SunSpecDecodeException failure(String problem) {
        return new SunSpecDecodeException("model " + model.id() + " (" + model.name() + "): " + problem);
    }
}
