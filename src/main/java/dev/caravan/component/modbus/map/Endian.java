package dev.caravan.component.modbus.map;

import java.util.Locale;

/**
 * Order of the two bytes in a register ({@code byteOrder}) or of the registers in a value ({@code wordOrder}). The
 * protocol itself is big-endian; many devices put the low word of a 32-bit value first ("word swapped").
 */
public enum Endian {
    BIG,
    LITTLE;

    public static Endian parse(String field, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "big", "msb", "high-first" -> BIG;
            case "little", "lsb", "low-first", "swapped" -> LITTLE;
            default -> throw new IllegalArgumentException(field + " '" + text + "': big or little");
        };
    }
}
