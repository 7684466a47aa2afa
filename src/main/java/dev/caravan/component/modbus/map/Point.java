package dev.caravan.component.modbus.map;

import java.util.Map;

/**
 * One value of a device: where it is ({@code table}, {@code address}, {@code registers}), how its words are read
 * ({@code type}, orders, {@code scale} and {@code offset}: value = raw × scale + offset) and how it is reported
 * ({@code name} in canonical telemetry, poll {@code group}, {@code deadband}).
 *
 * @param bit      for {@link DataType#BIT} in a register table: which bit of the register (0 = least significant)
 * @param length   registers of a {@link DataType#STRING}; otherwise the type's own size
 * @param labels   {@link DataType#ENUM}: raw value → label
 * @param flags    {@link DataType#BITFIELD}: bit number → flag name, reported as {@code name.flag} booleans
 * @param deadband smallest change of a numeric value that is reported by an on-change group (0: any change)
 */
public record Point(
        String name,
        Table table,
        int address,
        DataType type,
        Endian byteOrder,
        Endian wordOrder,
        double scale,
        double offset,
        String unit,
        String group,
        int bit,
        int length,
        Map<Integer, String> labels,
        Map<Integer, String> flags,
        double deadband,
        boolean writable) {

    /** Registers (or bits, in a bit table) the point spans. */
    public int size() {
        if (table.bits()) {
            return 1;
        }
        return type == DataType.STRING ? length : type.registers();
    }

    /** The first address after the point. */
    public int end() {
        return address + size();
    }

    /** True when the raw value is reported as it is, without scale or offset. */
    public boolean unscaled() {
        return scale == 1.0 && offset == 0.0;
    }
}
