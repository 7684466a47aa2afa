package dev.caravan.component.modbus.map;

import java.util.Locale;

/** How the words of a point are read. {@link #STRING} spans the point's {@code length} registers. */
public enum DataType {
    BIT(1),
    INT16(1),
    UINT16(1),
    INT32(2),
    UINT32(2),
    INT64(4),
    FLOAT32(2),
    FLOAT64(4),
    STRING(0),
    BITFIELD(1),
    ENUM(1);

    private final int registers;

    DataType(int registers) {
        this.registers = registers;
    }

    /** Registers taken by a value of this type; 0 for {@link #STRING}, whose length the point gives. */
    public int registers() {
        return registers;
    }

    public static DataType parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("type '" + text + "': one of bit, int16, uint16, int32, uint32, int64,"
                    + " float32, float64, string, bitfield, enum");
        }
    }
}
