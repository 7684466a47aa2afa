package dev.caravan.component.modbus.map;

import static dev.caravan.component.modbus.map.Endian.BIG;
import static dev.caravan.component.modbus.map.Endian.LITTLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Decoding and encoding of every data type in every byte and word order, against a fake register bank. */
class PointCodecTest {

    private final FakeRegisterBank bank = new FakeRegisterBank();

    /** type, byte order, word order, the words as the device holds them, the value they mean. */
    static Stream<Arguments> everyTypeInEveryOrder() {
        return Stream.of(
                Arguments.of(DataType.INT16, BIG, BIG, new int[] {0xFFFE}, -2L),
                Arguments.of(DataType.INT16, LITTLE, BIG, new int[] {0xFEFF}, -2L),
                Arguments.of(DataType.UINT16, BIG, BIG, new int[] {0xFFFE}, 65534L),
                Arguments.of(DataType.UINT16, LITTLE, BIG, new int[] {0x3412}, 0x1234L),
                Arguments.of(DataType.INT32, BIG, BIG, new int[] {0xF8A4, 0x32EB}, -123456789L),
                Arguments.of(DataType.INT32, BIG, LITTLE, new int[] {0x32EB, 0xF8A4}, -123456789L),
                Arguments.of(DataType.INT32, LITTLE, BIG, new int[] {0xA4F8, 0xEB32}, -123456789L),
                Arguments.of(DataType.INT32, LITTLE, LITTLE, new int[] {0xEB32, 0xA4F8}, -123456789L),
                Arguments.of(DataType.UINT32, BIG, BIG, new int[] {0xEE6B, 0x2800}, 4000000000L),
                Arguments.of(DataType.UINT32, BIG, LITTLE, new int[] {0x2800, 0xEE6B}, 4000000000L),
                Arguments.of(DataType.UINT32, LITTLE, BIG, new int[] {0x6BEE, 0x0028}, 4000000000L),
                Arguments.of(DataType.UINT32, LITTLE, LITTLE, new int[] {0x0028, 0x6BEE}, 4000000000L),
                Arguments.of(DataType.INT64, BIG, BIG, new int[] {0xFEFD, 0xFCFB, 0xFAF9, 0xF8F8}, -72623859790382856L),
                Arguments.of(DataType.INT64, BIG, LITTLE, new int[] {0xF8F8, 0xFAF9, 0xFCFB, 0xFEFD}, -72623859790382856L),
                Arguments.of(DataType.INT64, LITTLE, BIG, new int[] {0xFDFE, 0xFBFC, 0xF9FA, 0xF8F8}, -72623859790382856L),
                Arguments.of(DataType.INT64, LITTLE, LITTLE, new int[] {0xF8F8, 0xF9FA, 0xFBFC, 0xFDFE}, -72623859790382856L),
                Arguments.of(DataType.FLOAT32, BIG, BIG, new int[] {0x4366, 0x8000}, 230.5),
                Arguments.of(DataType.FLOAT32, BIG, LITTLE, new int[] {0x8000, 0x4366}, 230.5),
                Arguments.of(DataType.FLOAT32, LITTLE, BIG, new int[] {0x6643, 0x0080}, 230.5),
                Arguments.of(DataType.FLOAT32, LITTLE, LITTLE, new int[] {0x0080, 0x6643}, 230.5),
                Arguments.of(DataType.FLOAT64, BIG, BIG, new int[] {0xC093, 0x4A45, 0x6D5C, 0xFAAD}, -1234.5678),
                Arguments.of(DataType.FLOAT64, BIG, LITTLE, new int[] {0xFAAD, 0x6D5C, 0x4A45, 0xC093}, -1234.5678),
                Arguments.of(DataType.FLOAT64, LITTLE, BIG, new int[] {0x93C0, 0x454A, 0x5C6D, 0xADFA}, -1234.5678),
                Arguments.of(DataType.FLOAT64, LITTLE, LITTLE, new int[] {0xADFA, 0x5C6D, 0x454A, 0x93C0}, -1234.5678));
    }

    @ParameterizedTest(name = "{0} byte order {1}, word order {2}")
    @MethodSource("everyTypeInEveryOrder")
    void decodesTheWordsOfEveryTypeInEveryOrder(DataType type, Endian byteOrder, Endian wordOrder, int[] words,
                                                Object value) {
        bank.set(Table.HOLDING, 100, words);

        assertThat(decode(Points.of("v", Table.HOLDING, 100, type, byteOrder, wordOrder))).containsEntry("v", value);
    }

    @ParameterizedTest(name = "{0} byte order {1}, word order {2}")
    @MethodSource("everyTypeInEveryOrder")
    void encodesEveryTypeInEveryOrderIntoTheWordsTheDeviceExpects(DataType type, Endian byteOrder, Endian wordOrder,
                                                                  int[] words, Object value) {
        bank.write(100, PointCodec.encodeRegisters(Points.of("v", Table.HOLDING, 100, type, byteOrder, wordOrder),
                value));

        for (int i = 0; i < words.length; i++) {
            assertThat(bank.word(Table.HOLDING, 100 + i)).as("word %d", i).isEqualTo(words[i]);
        }
    }

    @Test
    void appliesScaleAndOffsetInDecimal() {
        bank.set(Table.INPUT, 1, 2301, 500);

        Map<String, Object> values = decode(
                Points.in(Table.INPUT, Points.scaled("voltage", 1, DataType.INT16, 0.1, 0)),
                Points.in(Table.INPUT, Points.scaled("temperature", 2, DataType.UINT16, 0.1, -40)));

        assertThat(values).containsEntry("voltage", 230.1).containsEntry("temperature", 10.0);
    }

    @Test
    void writesTheRawValueNearestToAScaledSetpoint() {
        bank.write(7, PointCodec.encodeRegisters(Points.scaled("setpoint", 7, DataType.INT16, 0.1, 0), 21.55));

        assertThat(bank.word(Table.HOLDING, 7)).isEqualTo(216);
    }

    @Test
    void aFloatThatIsNotANumberIsLeftOutAsAbsent() {
        bank.set(Table.INPUT, 0, 0x7FC0, 0x0000);

        assertThat(decode(Points.of("power", Table.INPUT, 0, DataType.FLOAT32))).doesNotContainKey("power");
    }

    @Test
    void readsAStringUpToItsFirstNulWithoutPadding() {
        bank.set(Table.HOLDING, 10, 'S' << 8 | 'D', 'M' << 8 | '6', '3' << 8 | '0', 0);

        assertThat(decode(Points.string("model", 10, 4, BIG))).containsEntry("model", "SDM630");
    }

    @Test
    void readsAStringWhoseBytesAreSwappedInEachRegister() {
        bank.set(Table.HOLDING, 10, 'D' << 8 | 'S', '6' << 8 | 'M', '0' << 8 | '3', ' ' << 8 | ' ');

        assertThat(decode(Points.string("model", 10, 4, LITTLE))).containsEntry("model", "SDM630");
    }

    @Test
    void writesAStringPaddedWithNul() {
        bank.set(Table.HOLDING, 10, 0xFFFF, 0xFFFF);

        bank.write(10, PointCodec.encodeRegisters(Points.string("label", 10, 2, BIG), "abc"));

        assertThat(bank.word(Table.HOLDING, 10)).isEqualTo('a' << 8 | 'b');
        assertThat(bank.word(Table.HOLDING, 11)).isEqualTo('c' << 8);
    }

    @Test
    void reportsEachFlagOfABitfieldAsItsOwnBoolean() {
        bank.set(Table.HOLDING, 3, 0b101);

        assertThat(decode(Points.labelled("alarm", 3, DataType.BITFIELD,
                Map.of(0, "overvoltage", 1, "undervoltage", 2, "overtemperature"))))
                .containsEntry("alarm.overvoltage", true)
                .containsEntry("alarm.undervoltage", false)
                .containsEntry("alarm.overtemperature", true)
                .doesNotContainKey("alarm");
    }

    @Test
    void reportsAnEnumByItsLabelAndAnUnknownValueByItsNumber() {
        bank.set(Table.HOLDING, 4, 2, 9);
        Map<Integer, String> modes = Map.of(1, "heating", 2, "cooling");

        assertThat(decode(Points.labelled("mode", 4, DataType.ENUM, modes),
                Points.labelled("other", 5, DataType.ENUM, modes)))
                .containsEntry("mode", "cooling").containsEntry("other", 9L);
    }

    @Test
    void writesAnEnumByItsLabel() {
        bank.write(4, PointCodec.encodeRegisters(Points.labelled("mode", 4, DataType.ENUM, Map.of(1, "heating")),
                "heating"));

        assertThat(bank.word(Table.HOLDING, 4)).isEqualTo(1);
    }

    @Test
    void readsOneBitOfARegister() {
        bank.set(Table.HOLDING, 6, 0b1000_0000_0000_0100);

        assertThat(decode(Points.bitOfRegister("b2", 6, 2), Points.bitOfRegister("b3", 6, 3),
                Points.bitOfRegister("b15", 6, 15)))
                .containsEntry("b2", true).containsEntry("b3", false).containsEntry("b15", true);
    }

    @Test
    void readsCoilsAndDiscreteInputsPackedEightToAByte() {
        bank.bits(Table.COIL, 0, false, true, false, false, false, false, false, false, true);
        bank.bits(Table.DISCRETE_INPUT, 20, true);

        assertThat(decode(Points.of("relay2", Table.COIL, 1, DataType.BIT),
                Points.of("relay9", Table.COIL, 8, DataType.BIT),
                Points.of("relay1", Table.COIL, 0, DataType.BIT)))
                .containsEntry("relay2", true).containsEntry("relay9", true).containsEntry("relay1", false);
        assertThat(decode(Points.of("door", Table.DISCRETE_INPUT, 20, DataType.BIT))).containsEntry("door", true);
    }

    @Test
    void takesTrueFalseOneOrZeroForACoil() {
        Point relay = Points.of("relay1", Table.COIL, 0, DataType.BIT);

        assertThat(List.of(PointCodec.encodeBit(relay, true), PointCodec.encodeBit(relay, 0),
                PointCodec.encodeBit(relay, "true"))).containsExactly(true, false, true);
        assertThatThrownBy(() -> PointCodec.encodeBit(relay, "on"))
                .hasMessage("point 'relay1' takes true or false, not on");
    }

    @Test
    void refusesAValueOutsideTheRangeOfTheType() {
        assertThatThrownBy(() -> PointCodec.encodeRegisters(Points.of("v", Table.HOLDING, 0, DataType.UINT16), 70000))
                .hasMessage("point 'v': raw value 70000 is outside uint16 (0 to 65535)");
    }

    @Test
    void refusesAValueThatIsNotANumber() {
        assertThatThrownBy(() -> PointCodec.encodeRegisters(Points.of("v", Table.HOLDING, 0, DataType.INT32), "warm"))
                .hasMessage("point 'v' takes a number, not warm");
    }

    @Test
    void refusesAnUnknownEnumLabel() {
        assertThatThrownBy(() -> PointCodec.encodeRegisters(
                Points.labelled("mode", 4, DataType.ENUM, Map.of(1, "heating")), "boost"))
                .hasMessage("point 'mode' takes one of [heating], not 'boost'");
    }

    private Map<String, Object> decode(Point... points) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ReadBlock block : ReadPlanner.plan(List.of(points), 10)) {
            RawBlock raw = bank.read(block);
            block.points().forEach(p -> PointCodec.decode(p, raw, values));
        }
        return values;
    }
}
