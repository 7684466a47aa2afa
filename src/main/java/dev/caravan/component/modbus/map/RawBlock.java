package dev.caravan.component.modbus.map;

import java.util.Arrays;

/**
 * What one read returned, as on the wire: for a register table two bytes per register, high byte first; for a bit
 * table the bits packed eight to a byte, lowest address in the least significant bit.
 */
public record RawBlock(Table table, int start, byte[] data) {

    /** The wire bytes of {@code count} registers from {@code address}. */
    public byte[] registers(int address, int count) {
        int from = (address - start) * 2;
        if (table.bits() || from < 0 || from + count * 2 > data.length) {
            throw new IllegalArgumentException("registers " + address + "+" + count + " are not in the block read at "
                    + start + " of " + table.yamlName());
        }
        return Arrays.copyOfRange(data, from, from + count * 2);
    }

    public boolean bit(int address) {
        int index = address - start;
        if (!table.bits() || index < 0 || index / 8 >= data.length) {
            throw new IllegalArgumentException("bit " + address + " is not in the block read at " + start + " of "
                    + table.yamlName());
        }
        return (data[index / 8] >> (index % 8) & 1) == 1;
    }
}
