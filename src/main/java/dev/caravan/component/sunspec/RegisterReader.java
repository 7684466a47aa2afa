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

    /** Any number of consecutive registers, in as few reads as the limit allows; a short answer is an error. */
    default short[] readAll(int address, int count) throws IOException {
        short[] registers = new short[count];
        for (int done = 0; done < count; done += MAX_COUNT) {
            int chunk = Math.min(MAX_COUNT, count - done);
            short[] part = read(address + done, chunk);
            if (part == null || part.length != chunk) {
                throw new IOException("asked for " + chunk + " registers at " + (address + done) + ", got "
                        + (part == null ? "none" : part.length));
            }
            System.arraycopy(part, 0, registers, done, chunk);
        }
        return registers;
    }
}
