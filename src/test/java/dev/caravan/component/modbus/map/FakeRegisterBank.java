package dev.caravan.component.modbus.map;

import java.util.EnumMap;
import java.util.Map;

/** The four tables of a device in memory, answering reads as the wire would: the decoders' test double. */
final class FakeRegisterBank {

    private final Map<Table, int[]> tables = new EnumMap<>(Table.class);

    FakeRegisterBank() {
        for (Table table : Table.values()) {
            tables.put(table, new int[0x10000]);
        }
    }

    FakeRegisterBank set(Table table, int address, int... words) {
        System.arraycopy(words, 0, tables.get(table), address, words.length);
        return this;
    }

    FakeRegisterBank bits(Table table, int address, boolean... bits) {
        for (int i = 0; i < bits.length; i++) {
            tables.get(table)[address + i] = bits[i] ? 1 : 0;
        }
        return this;
    }

    int word(Table table, int address) {
        return tables.get(table)[address];
    }

    RawBlock read(ReadBlock block) {
        int[] table = tables.get(block.table());
        if (block.table().bits()) {
            byte[] packed = new byte[(block.count() + 7) / 8];
            for (int i = 0; i < block.count(); i++) {
                packed[i / 8] |= (byte) (table[block.start() + i] << (i % 8));
            }
            return new RawBlock(block.table(), block.start(), packed);
        }
        byte[] data = new byte[block.count() * 2];
        for (int i = 0; i < block.count(); i++) {
            data[2 * i] = (byte) (table[block.start() + i] >> 8);
            data[2 * i + 1] = (byte) table[block.start() + i];
        }
        return new RawBlock(block.table(), block.start(), data);
    }

    /** Stores words as a write of function code 16 would. */
    void write(int address, byte[] wire) {
        for (int i = 0; i < wire.length / 2; i++) {
            tables.get(Table.HOLDING)[address + i] = (wire[2 * i] & 0xFF) << 8 | wire[2 * i + 1] & 0xFF;
        }
    }
}
