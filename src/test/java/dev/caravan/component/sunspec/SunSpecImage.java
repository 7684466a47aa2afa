package dev.caravan.component.sunspec;

import java.util.ArrayList;
import java.util.List;

/**
 * Test side: a SunSpec device's register map — the {@code SunS} marker at a base address, then models one after
 * the other — served by a {@link FakeRegisterBank}. Knows where each model starts, so that tests need not count.
 */
final class SunSpecImage {

    private final int base;
    private final List<short[]> blocks = new ArrayList<>();
    private final List<Integer> addresses = new ArrayList<>();
    private int next;

    private SunSpecImage(int base) {
        this.base = base;
        this.next = base + 2;
    }

    static SunSpecImage at(int base) {
        return new SunSpecImage(base);
    }

    SunSpecImage model(ModelImage model) {
        return block(model.registers());
    }

    /** A model the hub has no definition of: its header and zeros. */
    SunSpecImage unknownModel(int id, int length) {
        short[] registers = new short[length + ModelDefinition.HEADER];
        registers[0] = (short) id;
        registers[1] = (short) length;
        return block(registers);
    }

    /** Registers as they are, for chains that are broken on purpose. */
    SunSpecImage block(short... registers) {
        blocks.add(registers);
        addresses.add(next);
        next += registers.length;
        return this;
    }

    /** Where the n-th block (from 0) starts. */
    int address(int index) {
        return addresses.get(index);
    }

    /** The address after the last block: where the end marker goes. */
    int end() {
        return next;
    }

    int base() {
        return base;
    }

    /** The registers from the base address on: SunS, the models and, if asked for, the end marker. */
    short[] registers(boolean endMarker) {
        short[] registers = new short[next - base + (endMarker ? 2 : 0)];
        registers[0] = (short) 0x5375; // "Su"
        registers[1] = (short) 0x6E53; // "nS"
        int at = 2;
        for (short[] block : blocks) {
            System.arraycopy(block, 0, registers, at, block.length);
            at += block.length;
        }
        if (endMarker) {
            registers[at] = (short) SunSpecDiscovery.END_MARKER;
        }
        return registers;
    }

    /** The device, with the end marker after the last model. */
    FakeRegisterBank withEndMarker() {
        return writeTo(new FakeRegisterBank());
    }

    /** Adds the marker, the models and the end marker to a device that may hold other registers. */
    FakeRegisterBank writeTo(FakeRegisterBank bank) {
        writeModels(bank);
        bank.put(next, (short) SunSpecDiscovery.END_MARKER);
        bank.put(next + 1, (short) 0);
        return bank;
    }

    /** The device, whose registers end after the last model. */
    FakeRegisterBank withoutEndMarker() {
        return writeModels(new FakeRegisterBank());
    }

    private FakeRegisterBank writeModels(FakeRegisterBank bank) {
        bank.put(base, (short) 0x5375); // "Su"
        bank.put(base + 1, (short) 0x6E53); // "nS"
        int address = base + 2;
        for (short[] block : blocks) {
            for (short register : block) {
                bank.put(address++, register);
            }
        }
        return bank;
    }
}
