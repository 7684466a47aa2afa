package dev.caravan.component.sunspec;

import java.io.IOException;

/**
 * The reads of one poll round. Once the device leaves a request unanswered (a timeout, a lost link), the rest of the
 * round fails at once instead of each read waiting out its own timeout: a dead device costs one timeout a round, not
 * one per model. A Modbus exception answer does not count: the device is there, only that read is refused.
 */
final class RoundReader implements RegisterReader {

    private final ModbusRegisterReader device;
    private IOException unanswered;

    RoundReader(ModbusRegisterReader device) {
        this.device = device;
    }

    @Override
    public short[] read(int address, int count) throws IOException {
        if (unanswered != null) {
            throw new IOException("not asked: the device left an earlier request of this round unanswered ("
                    + unanswered.getMessage() + ")");
        }
        long before = device.answers();
        try {
            return device.read(address, count);
        } catch (IOException e) {
            if (device.answers() == before) {
                unanswered = e;
            }
            throw e;
        }
    }

    /** Whether the device answered every request of the round, with values or Modbus exceptions. */
    boolean allAnswered() {
        return unanswered == null;
    }

    /** Whether the device answered at least one request of the round. */
    boolean anyAnswered(long answersBefore) {
        return device.answers() != answersBefore;
    }
}
