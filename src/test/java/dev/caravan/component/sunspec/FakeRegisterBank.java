package dev.caravan.component.sunspec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A device's holding registers in memory, read as a Modbus device would answer: a read that touches an address the
 * device does not have fails (Modbus exception 2, illegal data address), and so does a read of an address made to
 * fail. Records every read.
 */
final class FakeRegisterBank implements RegisterReader {

    private final Map<Integer, Short> registers = new TreeMap<>();
    private final Set<Integer> failing = new HashSet<>();
    private final List<int[]> reads = new ArrayList<>();

    void put(int address, short value) {
        registers.put(address, value);
    }

    /** Every read that touches this address fails. */
    FakeRegisterBank failReadsOf(int address) {
        failing.add(address);
        return this;
    }

    /** The reads asked for, as {address, count}. */
    List<int[]> reads() {
        return reads;
    }

    @Override
    public short[] read(int address, int count) throws IOException {
        if (count < 1 || count > MAX_COUNT) {
            throw new IOException("illegal data value: a read of " + count + " registers");
        }
        reads.add(new int[] {address, count});
        short[] values = new short[count];
        for (int i = 0; i < count; i++) {
            Short value = registers.get(address + i);
            if (value == null) {
                throw new IOException("illegal data address " + (address + i));
            }
            if (failing.contains(address + i)) {
                throw new IOException("device failure at " + (address + i));
            }
            values[i] = value;
        }
        return values;
    }
}
