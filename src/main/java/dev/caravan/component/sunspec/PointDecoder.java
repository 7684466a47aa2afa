package dev.caravan.component.sunspec;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * The raw value of one point from its registers (big-endian words, as SunSpec says), or null when the device
 * reports the type's "not implemented" value. Integers come back as Long (uint64 above Long.MAX_VALUE as
 * BigInteger), floats as Double, strings and addresses as String. Scale factors and symbols are applied later.
 */
final class PointDecoder {

    private static final long NOT_IMPLEMENTED_INT16 = Short.MIN_VALUE;
    private static final long NOT_IMPLEMENTED_UINT16 = 0xFFFFL;
    private static final long NOT_IMPLEMENTED_INT32 = Integer.MIN_VALUE;
    private static final long NOT_IMPLEMENTED_UINT32 = 0xFFFFFFFFL;
    /** The specification's range of scale factors; anything else cannot be a real one. */
    private static final int SCALE_FACTOR_LIMIT = 10;

    private PointDecoder() {
    }

    static Object decode(PointType type, short[] registers, int offset, int size) {
        return switch (type) {
            case INT16 -> absentIf(signed(registers, offset, 1), NOT_IMPLEMENTED_INT16);
            case UINT16, ENUM16, BITFIELD16, COUNT -> absentIf(unsigned(registers, offset, 1), NOT_IMPLEMENTED_UINT16);
            case SUNSSF -> scaleFactor(signed(registers, offset, 1));
            case INT32 -> absentIf(signed(registers, offset, 2), NOT_IMPLEMENTED_INT32);
            case UINT32, ENUM32, BITFIELD32 -> absentIf(unsigned(registers, offset, 2), NOT_IMPLEMENTED_UINT32);
            // an accumulator that is not accumulated reads 0 (SunSpec information model), not all ones
            case ACC16 -> absentIf(unsigned(registers, offset, 1), 0);
            case ACC32 -> absentIf(unsigned(registers, offset, 2), 0);
            case ACC64 -> unsigned64(signed(registers, offset, 4), 0L);
            case INT64 -> absentIf(signed(registers, offset, 4), Long.MIN_VALUE);
            case UINT64 -> unsigned64(signed(registers, offset, 4), -1L);
            case FLOAT32 -> notANumber(Float.intBitsToFloat((int) signed(registers, offset, 2)));
            case FLOAT64 -> notANumber(Double.longBitsToDouble(signed(registers, offset, 4)));
            case STRING -> string(registers, offset, size);
            case IPADDR -> ipAddress(registers, offset, 2);
            case IPV6ADDR -> ipAddress(registers, offset, 8);
            case EUI48 -> eui48(signed(registers, offset, 4));
            case PAD -> null;
        };
    }

    /** The registers as one big-endian two's complement number (1, 2 or 4 registers). */
    private static long signed(short[] registers, int offset, int count) {
        long value = registers[offset];
        for (int i = 1; i < count; i++) {
            value = (value << 16) | (registers[offset + i] & 0xFFFF);
        }
        return value;
    }

    private static long unsigned(short[] registers, int offset, int count) {
        return signed(registers, offset, count) & (count == 1 ? 0xFFFFL : 0xFFFFFFFFL);
    }

    private static Long absentIf(long value, long notImplemented) {
        return value == notImplemented ? null : value;
    }

    private static Long scaleFactor(long value) {
        return Math.abs(value) > SCALE_FACTOR_LIMIT ? null : value;
    }

    private static Object unsigned64(long bits, long notImplemented) {
        if (bits == notImplemented) {
            return null;
        }
        return bits >= 0 ? (Object) bits : new BigInteger(Long.toUnsignedString(bits));
    }

    private static Double notANumber(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static Double notANumber(float value) {
        // through the float's shortest text, so that 230.1f is 230.1 and not 230.10000610351562
        return Float.isNaN(value) ? null : Double.valueOf(Float.toString(value));
    }

    private static String string(short[] registers, int offset, int size) {
        byte[] bytes = bytes(registers, offset, size);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8).stripTrailing();
        return text.isEmpty() ? null : text;
    }

    private static String ipAddress(short[] registers, int offset, int size) {
        byte[] bytes = bytes(registers, offset, size);
        if (allZero(bytes)) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    /** EUI-48 in the low 48 bits of four registers; all ones there means not implemented. */
    private static String eui48(long bits) {
        long address = bits & 0xFFFF_FFFF_FFFFL;
        if (address == 0xFFFF_FFFF_FFFFL) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (int shift = 40; shift >= 0; shift -= 8) {
            text.append(String.format("%02X", (address >>> shift) & 0xFF)).append(shift > 0 ? ":" : "");
        }
        return text.toString();
    }

    private static byte[] bytes(short[] registers, int offset, int size) {
        byte[] bytes = new byte[size * 2];
        for (int i = 0; i < size; i++) {
            bytes[2 * i] = (byte) (registers[offset + i] >> 8);
            bytes[2 * i + 1] = (byte) registers[offset + i];
        }
        return bytes;
    }

    private static boolean allZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
