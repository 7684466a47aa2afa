package dev.caravan.component.sunspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Reading a range of registers of any length through a reader limited to 125 registers a read. */
class RegisterReaderTest {

    @Test
    void aLongRangeIsSplitIntoReadsOf125AtMost() throws IOException {
        List<String> reads = new ArrayList<>();
        RegisterReader device = (address, count) -> {
            reads.add(address + "+" + count);
            short[] registers = new short[count];
            for (int i = 0; i < count; i++) {
                registers[i] = (short) (address + i);
            }
            return registers;
        };

        short[] registers = device.readAll(1000, 300);

        assertThat(reads).containsExactly("1000+125", "1125+125", "1250+50");
        assertThat(registers).hasSize(300);
        assertThat(registers[299]).isEqualTo((short) 1299);
    }

    @Test
    void anAnswerShorterThanAskedIsAnError() {
        RegisterReader device = (address, count) -> new short[count - 1];

        assertThatThrownBy(() -> device.readAll(40000, 2)).isInstanceOf(IOException.class)
                .hasMessage("asked for 2 registers at 40000, got 1");
    }
}
