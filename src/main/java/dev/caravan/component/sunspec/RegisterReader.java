package dev.caravan.component.sunspec;

import java.io.IOException;

/**
 * Reads a device's holding registers; the Modbus component provides one per device. SunSpec asks for at most
 * {@value #MAX_COUNT} registers at a time, the Modbus limit of one read.
 */
@FunctionalInterface
public interface RegisterReader {

    int MAX_COUNT = 125;

    /**
     * @param address the protocol address of the first register (0 to 65535)
     * @param count 1 to {@value #MAX_COUNT}
     * @return exactly {@code count} registers
     * @throws IOException when the device cannot be read or refuses the request (an illegal address, say)
     */
    short[] read(int address, int count) throws IOException;
}
