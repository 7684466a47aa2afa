package dev.caravan.component.sunspec;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Test side: a value as the registers of a point, the way a SunSpec device lays it out (big-endian words).
 * Integers of any type are written as the low bits of the given number, so that a test can write a sentinel such as
 * 0x8000 into an int16 as it is on the wire.
 */
final class PointEncoder {

    private PointEncoder() {
    }

    static short[] encode(PointDefinition point, Object value) {
        int size = point.size();
        return switch (point.type()) {
            case FLOAT32 -> words(Float.floatToRawIntBits(((Number) value).floatValue()), 2);
            case FLOAT64 -> words(Double.doubleToRawLongBits(((Number) value).doubleValue()), 4);
            case STRING -> bytes(((String) value).getBytes(StandardCharsets.UTF_8), size);
            case IPADDR, IPV6ADDR -> bytes(address((String) value), size);
            case EUI48 -> words(Long.parseLong(((String) value).replace(":", ""), 16), 4);
            default -> words(((Number) value).longValue(), size);
        };
    }

    /** What a device that does not implement the point reports, per the SunSpec information model. */
    static short[] notImplemented(PointDefinition point) {
        long value = switch (point.type()) {
            case INT16, SUNSSF, PAD -> 0x8000L;
            case UINT16, ENUM16, BITFIELD16, COUNT -> 0xFFFFL;
            case INT32 -> 0x8000_0000L;
            case UINT32, ENUM32, BITFIELD32 -> 0xFFFF_FFFFL;
            case INT64 -> Long.MIN_VALUE;
            case UINT64, EUI48 -> -1L;
            case FLOAT32 -> 0x7FC0_0000L;
            case FLOAT64 -> 0x7FF8_0000_0000_0000L;
            case ACC16, ACC32, ACC64, STRING, IPADDR, IPV6ADDR -> 0L;
        };
        return words(value, point.size());
    }

    static short[] words(long value, int count) {
        short[] words = new short[count];
        for (int i = 0; i < count; i++) {
            words[count - 1 - i] = (short) (value >>> (16 * i));
        }
        return words;
    }

    private static short[] bytes(byte[] bytes, int size) {
        if (bytes.length > size * 2) {
            throw new IllegalArgumentException(bytes.length + " bytes do not fit " + size + " registers");
        }
        short[] words = new short[size];
        for (int i = 0; i < bytes.length; i++) {
            words[i / 2] |= (short) ((bytes[i] & 0xFF) << (i % 2 == 0 ? 8 : 0));
        }
        return words;
    }

    private static byte[] address(String text) {
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + text, e);
        }
    }
}
