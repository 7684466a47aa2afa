package dev.caravan.component.sunspec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Writing a SunSpec control point (model 123's {@code WMaxLimPct} and {@code Conn}, model 704's DER controls, ...):
 * the value a command asks for, in engineering units or as a symbol name, turned into the registers to write, with
 * the point's scale factor as the device reports it; and the check of the value read back afterwards.
 *
 * <p>Points of the model's top group, and of the first instance of child groups that occur a fixed number of times
 * ({@code "PFWInj.PF"} in model 704), can be written; points inside groups counted by another point or filling the
 * model (curves, modules) cannot, because their place depends on what the device reports.
 */
public final class SunSpecControl {

    /**
     * What to write: registers from {@code address} on (function code 16), and the value the point must read back.
     *
     * @param expected the decoded value that confirms the write (BigDecimal, Long, String or a list of names)
     */
    public record RegisterWrite(String point, int address, short[] words, Object expected) {
    }

    private SunSpecControl() {
    }

    /**
     * The registers for setting {@code path} of {@code model} to {@code value}.
     *
     * @param current the model as last read from the device: where its scale factors come from
     * @throws IllegalArgumentException with a message for the command's error: no such point, not writable, a value
     *                                  of the wrong kind, out of range, or a scale factor the device does not report
     */
    public static RegisterWrite prepare(ModelDefinition model, DecodedModel current, String path, Object value) {
        Located located = locate(model, path);
        PointDefinition point = located.point();
        if (!point.writable()) {
            throw new IllegalArgumentException("point " + path + " of model " + model.id() + " is read-only");
        }
        DecodedGroup group = located.groupIn(current);
        long raw;
        Object expected;
        int address = current.address() + located.offset();
        switch (point.type()) {
            case ENUM16, ENUM32 -> {
                raw = symbolOrNumber(point, value, path);
                expected = point.symbolOf(raw).<Object>map(name -> name).orElse(raw);
            }
            case BITFIELD16, BITFIELD32 -> {
                raw = bits(point, value, path);
                expected = ModelDecoder.bits(point, raw);
            }
            case INT16, UINT16, INT32, UINT32, INT64, UINT64 -> {
                int factor = scaleFactor(point, group, current, path);
                BigDecimal wanted = number(value, path);
                BigDecimal unscaled = wanted.movePointLeft(factor).setScale(0, RoundingMode.HALF_EVEN);
                raw = inRange(point, unscaled.toBigInteger(), path, wanted);
                expected = point.scaleFactor() == null ? (Object) raw : BigDecimal.valueOf(raw).movePointRight(factor);
            }
            case FLOAT32 -> {
                float number = number(value, path).floatValue();
                return new RegisterWrite(path, address, words(Float.floatToRawIntBits(number), 2), (double) number);
            }
            case FLOAT64 -> {
                double number = number(value, path).doubleValue();
                return new RegisterWrite(path, address, words(Double.doubleToRawLongBits(number), 4), number);
            }
            case STRING -> {
                return new RegisterWrite(path, address, string(point, value, path), value);
            }
            default -> throw new IllegalArgumentException("point " + path + " is of type " + point.type().jsonName()
                    + ", which is not a control");
        }
        return new RegisterWrite(path, address, words(raw, point.size()), expected);
    }

    /** Whether the model read back after the write holds what was written. */
    public static boolean confirmed(RegisterWrite write, ModelDefinition model, DecodedModel readBack) {
        Object actual = readBack(write, model, readBack);
        if (actual == null) {
            return false;
        }
        if (actual instanceof BigDecimal a && write.expected() instanceof BigDecimal e) {
            return a.compareTo(e) == 0;
        }
        if (actual instanceof Collection<?> a && write.expected() instanceof Collection<?> e) {
            return a.size() == e.size() && a.containsAll(e);
        }
        return write.expected().equals(actual);
    }

    /** The written point's value in the model read back; null when it reads as "not implemented". */
    public static Object readBack(RegisterWrite write, ModelDefinition model, DecodedModel readBack) {
        return locate(model, write.point()).groupIn(readBack).value(
                write.point().substring(write.point().lastIndexOf('.') + 1));
    }

    /** A point and where it is, from the model's ID register. */
    private record Located(PointDefinition point, List<String> groups, int offset) {

        DecodedGroup groupIn(DecodedModel model) {
            DecodedGroup group = model.group();
            for (String name : groups) {
                List<DecodedGroup> instances = group.instances(name);
                if (instances.isEmpty()) {
                    throw new IllegalArgumentException("the device reports no " + name + " group");
                }
                group = instances.get(0);
            }
            return group;
        }
    }

    private static Located locate(ModelDefinition model, String path) {
        String[] parts = path.split("\\.");
        GroupDefinition group = model.group();
        int offset = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            offset += group.pointsLength();
            GroupDefinition target = null;
            for (GroupDefinition child : group.groups()) {
                if (child.name().equals(parts[i])) {
                    target = child;
                    break;
                }
                offset += fixedLength(child, path) * child.count().fixed();
            }
            if (target == null || target.count().fromPoint() || target.count().fillsTheModel()) {
                throw new IllegalArgumentException(target == null ? "model " + model.id() + " has no group "
                        + parts[i] : "group " + parts[i] + " repeats as the device says: its points cannot be"
                        + " written by name");
            }
            group = target;
        }
        String name = parts[parts.length - 1];
        for (PointDefinition point : group.points()) {
            if (point.name().equals(name)) {
                return new Located(point, List.of(parts).subList(0, parts.length - 1), offset);
            }
            offset += point.size();
        }
        throw new IllegalArgumentException("model " + model.id() + " (" + model.name() + ") has no point " + path);
    }

    private static int fixedLength(GroupDefinition group, String path) {
        int length = group.fixedInstanceLength();
        if (length < 0 || group.count().fromPoint() || group.count().fillsTheModel()) {
            throw new IllegalArgumentException("the place of " + path + " depends on group " + group.name()
                    + ", which repeats as the device says");
        }
        return length;
    }

    private static int scaleFactor(PointDefinition point, DecodedGroup group, DecodedModel model, String path) {
        Optional<Integer> fixed = point.fixedScaleFactor();
        if (fixed.isPresent() || point.scaleFactor() == null) {
            return fixed.orElse(0);
        }
        Object factor = group.value(point.scaleFactor());
        if (factor == null) {
            factor = model.value(point.scaleFactor());
        }
        if (!(factor instanceof Long number)) {
            throw new IllegalArgumentException("the device reports no scale factor " + point.scaleFactor() + " for "
                    + path + ": the value cannot be written");
        }
        return number.intValue();
    }

    private static long inRange(PointDefinition point, BigInteger raw, String path, BigDecimal wanted) {
        int bits = 16 * point.size();
        boolean signed = point.type() == PointType.INT16 || point.type() == PointType.INT32
                || point.type() == PointType.INT64;
        BigInteger min = signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
        BigInteger max = signed ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        // the lowest signed and the highest unsigned value mean "not implemented": never written as a value
        if (signed) {
            min = min.add(BigInteger.ONE);
        } else {
            max = max.subtract(BigInteger.ONE);
        }
        if (raw.compareTo(min) < 0 || raw.compareTo(max) > 0) {
            throw new IllegalArgumentException(wanted.toPlainString() + " is out of range for " + path + " ("
                    + point.type() + " with its scale factor)");
        }
        return raw.longValue();
    }

    private static long symbolOrNumber(PointDefinition point, Object value, String path) {
        if (value instanceof String name) {
            return point.symbols().stream().filter(s -> s.name().equals(name)).findFirst()
                    .map(Symbol::value).orElseThrow(() -> new IllegalArgumentException(path + " has no value named "
                            + name + "; it has " + point.symbols().stream().map(Symbol::name).toList()));
        }
        return number(value, path).longValueExact();
    }

    private static long bits(PointDefinition point, Object value, String path) {
        if (value instanceof Collection<?> names) {
            long bits = 0;
            for (Object name : names) {
                long bit = symbolOrNumber(point, String.valueOf(name), path);
                bits |= 1L << bit;
            }
            return bits;
        }
        return number(value, path).longValueExact();
    }

    private static short[] string(PointDefinition point, Object value, String path) {
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(path + " takes a string");
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > point.size() * 2) {
            throw new IllegalArgumentException(path + " takes at most " + point.size() * 2 + " bytes");
        }
        short[] words = new short[point.size()];
        for (int i = 0; i < bytes.length; i++) {
            words[i / 2] |= (short) ((bytes[i] & 0xFF) << (i % 2 == 0 ? 8 : 0));
        }
        return words;
    }

    private static BigDecimal number(Object value, String path) {
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        if (value instanceof String s) {
            try {
                return new BigDecimal(s);
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException(path + " takes a number, not " + value);
    }

    private static short[] words(long value, int count) {
        short[] words = new short[count];
        for (int i = 0; i < count; i++) {
            words[count - 1 - i] = (short) (value >>> (16 * i));
        }
        return words;
    }
}
