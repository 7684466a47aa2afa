package dev.caravan.component.sunspec;

import java.util.Arrays;
import java.util.Locale;

/** The point types of the SunSpec information model, with the number of registers each takes. */
public enum PointType {
    INT16(1), UINT16(1), ACC16(1), ENUM16(1), BITFIELD16(1), COUNT(1), SUNSSF(1), PAD(1),
    INT32(2), UINT32(2), ACC32(2), ENUM32(2), BITFIELD32(2), FLOAT32(2), IPADDR(2),
    INT64(4), UINT64(4), ACC64(4), FLOAT64(4), EUI48(4),
    IPV6ADDR(8),
    /** Its size is given by the point. */
    STRING(0);

    private final int registers;

    PointType(int registers) {
        this.registers = registers;
    }

    /** The registers a point of this type takes; 0 for a string, whose size the point gives. */
    public int registers() {
        return registers;
    }

    /** The name used in the model definitions ({@code int16}, {@code sunssf}, …). */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isEnum() {
        return this == ENUM16 || this == ENUM32;
    }

    public boolean isBitfield() {
        return this == BITFIELD16 || this == BITFIELD32;
    }

    /** Whether a scale factor may apply to the point's value. */
    public boolean isScalable() {
        return switch (this) {
            case INT16, UINT16, ACC16, INT32, UINT32, ACC32, INT64, UINT64, ACC64, FLOAT32, FLOAT64 -> true;
            default -> false;
        };
    }

    public static PointType of(String jsonName) {
        return Arrays.stream(values()).filter(type -> type.jsonName().equals(jsonName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown point type '" + jsonName + "'; known: "
                        + Arrays.stream(values()).map(PointType::jsonName).toList()));
    }
}
