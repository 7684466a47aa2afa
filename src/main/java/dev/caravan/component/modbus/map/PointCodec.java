package dev.caravan.component.modbus.map;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a point's words into its canonical value and a value into words to write, following the point's type, byte
 * and word order, scale and offset. Pure functions: tested against a fake register bank without a network.
 */
public final class PointCodec {

    private PointCodec() {
    }

    /**
     * Adds the point's value to {@code out}: one entry, or one boolean per flag of a bitfield ({@code name.flag}).
     * A float that is not a number (NaN, infinite: how devices say "no value") is left out.
     */
    public static void decode(Point point, RawBlock block, Map<String, Object> out) {
        if (point.table().bits()) {
            out.put(point.name(), block.bit(point.address()));
            return;
        }
        byte[] words = toBigEndian(point, block.registers(point.address(), point.size()));
        ByteBuffer buffer = ByteBuffer.wrap(words);
        switch (point.type()) {
            case BIT -> out.put(point.name(), (buffer.getShort() >> point.bit() & 1) == 1);
            case STRING -> out.put(point.name(), text(words));
            case ENUM -> {
                int raw = buffer.getShort() & 0xFFFF;
                String label = point.labels().get(raw);
                out.put(point.name(), label != null ? label : (Object) (long) raw);
            }
            case BITFIELD -> {
                int raw = buffer.getShort() & 0xFFFF;
                point.flags().forEach((bit, flag) -> out.put(point.name() + "." + flag, (raw >> bit & 1) == 1));
            }
            case FLOAT32, FLOAT64 -> {
                double raw = point.type() == DataType.FLOAT32
                        // the float's own shortest decimal, not its binary expansion (229.8, not 229.800003...)
                        ? Double.parseDouble(Float.toString(buffer.getFloat())) : buffer.getDouble();
                if (Double.isFinite(raw)) {
                    out.put(point.name(), scaled(point, BigDecimal.valueOf(raw)));
                }
            }
            default -> out.put(point.name(), scaled(point, BigDecimal.valueOf(integer(point.type(), buffer))));
        }
    }

    /** The words to write for {@code value}, in the device's order. */
    public static byte[] encodeRegisters(Point point, Object value) {
        if (point.table().bits() || point.type() == DataType.BIT) {
            throw new IllegalArgumentException("point '" + point.name() + "' is a bit: write it as a coil");
        }
        ByteBuffer buffer = ByteBuffer.allocate(point.size() * 2);
        switch (point.type()) {
            case STRING -> {
                byte[] text = String.valueOf(value).getBytes(StandardCharsets.UTF_8);
                if (text.length > buffer.capacity()) {
                    throw new IllegalArgumentException("point '" + point.name() + "' holds at most "
                            + buffer.capacity() + " bytes of text");
                }
                buffer.put(text);
            }
            case ENUM -> buffer.putShort((short) range(point, enumRaw(point, value), 0, 0xFFFF));
            case FLOAT32 -> buffer.putFloat((float) unscale(point, value).doubleValue());
            case FLOAT64 -> buffer.putDouble(unscale(point, value).doubleValue());
            case INT16 -> buffer.putShort((short) range(point, integral(point, value), Short.MIN_VALUE, Short.MAX_VALUE));
            case UINT16, BITFIELD -> buffer.putShort((short) range(point, integral(point, value), 0, 0xFFFF));
            case INT32 -> buffer.putInt((int) range(point, integral(point, value), Integer.MIN_VALUE, Integer.MAX_VALUE));
            case UINT32 -> buffer.putInt((int) range(point, integral(point, value), 0, 0xFFFFFFFFL));
            case INT64 -> buffer.putLong(integral(point, value));
            default -> throw new IllegalStateException("unhandled type " + point.type());
        }
        return toBigEndian(point, buffer.array());
    }

    /** The state to write to a coil. */
    public static boolean encodeBit(Point point, Object value) {
        return bit(value).orElseThrow(() -> new IllegalArgumentException("point '" + point.name()
                + "' takes true or false, not " + value));
    }

    /** A coil's state from true/false, 1/0 or their text; empty for anything else. */
    public static Optional<Boolean> bit(Object value) {
        if (value instanceof Boolean b) {
            return Optional.of(b);
        }
        if (value instanceof Number n && (n.doubleValue() == 0 || n.doubleValue() == 1)) {
            return Optional.of(n.doubleValue() == 1);
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Optional.of(Boolean.parseBoolean(s));
        }
        return Optional.empty();
    }

    /**
     * Reorders words from the device's order to big-endian, or back (the same swap both ways). A string's
     * characters follow the byte order only: its words are always in address order.
     */
    static byte[] toBigEndian(Point point, byte[] wire) {
        int words = wire.length / 2;
        boolean reverseWords = point.wordOrder() == Endian.LITTLE && point.type() != DataType.STRING;
        boolean swapBytes = point.byteOrder() == Endian.LITTLE;
        byte[] out = new byte[wire.length];
        for (int i = 0; i < words; i++) {
            int from = reverseWords ? words - 1 - i : i;
            byte high = wire[2 * from];
            byte low = wire[2 * from + 1];
            out[2 * i] = swapBytes ? low : high;
            out[2 * i + 1] = swapBytes ? high : low;
        }
        return out;
    }

    private static long integer(DataType type, ByteBuffer buffer) {
        return switch (type) {
            case INT16 -> buffer.getShort();
            case UINT16 -> buffer.getShort() & 0xFFFF;
            case INT32 -> buffer.getInt();
            case UINT32 -> buffer.getInt() & 0xFFFFFFFFL;
            case INT64 -> buffer.getLong();
            default -> throw new IllegalStateException("not an integer type: " + type);
        };
    }

    /** raw × scale + offset in decimal, so that 2301 × 0.1 is 230.1; an unscaled integer stays an integer. */
    private static Number scaled(Point point, BigDecimal raw) {
        if (point.unscaled() && raw.scale() <= 0) {
            return raw.longValueExact();
        }
        return raw.multiply(BigDecimal.valueOf(point.scale())).add(BigDecimal.valueOf(point.offset())).doubleValue();
    }

    private static BigDecimal unscale(Point point, Object value) {
        BigDecimal number = number(point, value);
        return number.subtract(BigDecimal.valueOf(point.offset()))
                .divide(BigDecimal.valueOf(point.scale()), 12, RoundingMode.HALF_UP);
    }

    /** The raw integer nearest to the value (a setpoint of 21.55 at scale 0.1 is written as 216). */
    private static long integral(Point point, Object value) {
        return unscale(point, value).setScale(0, RoundingMode.HALF_UP).longValue();
    }

    private static long enumRaw(Point point, Object value) {
        if (value instanceof String label) {
            for (Map.Entry<Integer, String> entry : point.labels().entrySet()) {
                if (entry.getValue().equals(label)) {
                    return entry.getKey();
                }
            }
            if (!label.matches("-?\\d+")) {
                throw new IllegalArgumentException("point '" + point.name() + "' takes one of "
                        + point.labels().values() + ", not '" + label + "'");
            }
        }
        return number(point, value).longValueExact();
    }

    private static BigDecimal number(Point point, Object value) {
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        if (value instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("point '" + point.name() + "' takes a number, not " + value);
    }

    private static long range(Point point, long raw, long min, long max) {
        if (raw < min || raw > max) {
            throw new IllegalArgumentException("point '" + point.name() + "': raw value " + raw + " is outside "
                    + point.type().name().toLowerCase() + " (" + min + " to " + max + ")");
        }
        return raw;
    }

    /** Text up to the first NUL, without the padding spaces devices add. */
    private static String text(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8).trim();
    }
}
