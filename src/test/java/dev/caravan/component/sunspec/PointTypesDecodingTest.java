package dev.caravan.component.sunspec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every SunSpec point type decoded from registers laid out by the official definitions (mostly the SunSpec test
 * model 63001, which has a point of each type and a "not implemented" twin of each), and every "not implemented"
 * value read as absent.
 */
class PointTypesDecodingTest {

    static Stream<Arguments> valuesOfEveryType() {
        return Stream.of(
                Arguments.of(63001, "int16_5", -1234, -1234L),
                Arguments.of(63001, "uint16_5", 65000, 65000L),
                Arguments.of(63001, "acc16", 500, 500L),
                Arguments.of(63001, "enum16", 7, 7L),
                Arguments.of(63001, "int32_4", -70000, -70000L),
                Arguments.of(63001, "uint32_5", 3_000_000_000L, 3_000_000_000L),
                Arguments.of(63001, "acc32", 4_000_000_000L, 4_000_000_000L),
                Arguments.of(63001, "enum32", 70000, 70000L),
                Arguments.of(63001, "int64", -5_000_000_000L, -5_000_000_000L),
                Arguments.of(63001, "acc64", 9_000_000_000L, 9_000_000_000L),
                Arguments.of(63001, "float32", 1234.5f, 1234.5),
                Arguments.of(63001, "float32_u", 230.1f, 230.1),
                Arguments.of(63001, "string", "SN-42", "SN-42"),
                Arguments.of(63001, "ipaddr", "192.168.1.20", "192.168.1.20"),
                Arguments.of(63001, "ipv6addr", "2001:db8::1", "2001:db8:0:0:0:0:0:1"),
                Arguments.of(63001, "sunssf_1", -3, -3L),
                Arguments.of(160, "N", 2, 2L),
                Arguments.of(11, "MAC", "00:1A:2B:3C:4D:5E", "00:1A:2B:3C:4D:5E"));
    }

    @ParameterizedTest(name = "model {0} {1}")
    @MethodSource("valuesOfEveryType")
    void decodesTheValueOfEveryType(int model, String point, Object written, Object read) {
        assertThat(Decoding.decode(OfficialModels.image(model).set(point, written)).value(point)).isEqualTo(read);
    }

    @Test
    void decodesAnUnsigned64BitValueAboveTheLargestSigned64BitNumber() {
        DecodedModel model = Decoding.decode(OfficialModels.image(701).set("TotWhInj", 0xFFFF_FFFF_FFFF_FFFEL)
                .set("TotWh_SF", 0));

        assertThat(model.value("TotWhInj")).isEqualTo(new BigDecimal("18446744073709551614"));
    }

    @Test
    void decodesAFloat64() {
        // no official model has a float64 point: a definition of our own with one
        ModelDefinition definition = ModelDefinitionReader.read(new ByteArrayInputStream("""
                {"id": 64999, "group": {"name": "f", "type": "group", "points": [
                  {"name": "ID", "type": "uint16", "size": 1}, {"name": "L", "type": "uint16", "size": 1},
                  {"name": "X", "type": "float64", "size": 4}]}}""".getBytes(StandardCharsets.UTF_8)), "float64");

        DecodedModel model = ModelDecoder.decode(definition, ModelImage.of(definition).set("X", 1.0e-300)
                .registers(), 0);

        assertThat(model.value("X")).isEqualTo(1.0e-300);
    }

    @Test
    void bitsWithoutASymbolAreNamedByTheirNumber() {
        DecodedModel model = Decoding.decode(OfficialModels.image(63001).set("bitfield32", 0x8000_0001L)
                .set("bitfield16", 0x0020));

        assertThat(model.value("bitfield32")).isEqualTo(List.of("bit0", "bit31"));
        assertThat(model.value("bitfield16")).isEqualTo(List.of("bit5"));
    }

    @Test
    void padPointsAreNotValues() {
        assertThat(Decoding.decode(OfficialModels.image(63001).set("pad_1", 0)).values()).doesNotContainKey("pad_1");
    }

    @Test
    void stringsLoseTrailingSpacesAndWhatFollowsTheFirstNul() {
        DecodedModel model = Decoding.decode(OfficialModels.image(1).set("Mn", "Solar Co   ").set("Md", "X1\0junk"));

        assertThat(model.value("Mn")).isEqualTo("Solar Co");
        assertThat(model.value("Md")).isEqualTo("X1");
    }

    @Test
    void anInt16OfMinusOneIsAValueThoughItsBitsAreTheUint16Sentinel() {
        assertThat(Decoding.decode(OfficialModels.image(63001).set("int16_5", 0xFFFF)).value("int16_5"))
                .isEqualTo(-1L);
    }

    static Stream<Arguments> notImplementedValues() {
        return Stream.of(
                Arguments.of(63001, "int16_u", 0x8000),
                Arguments.of(63001, "uint16_u", 0xFFFF),
                Arguments.of(63001, "acc16_u", 0),
                Arguments.of(63001, "enum16_u", 0xFFFF),
                Arguments.of(63001, "bitfield16_u", 0xFFFF),
                Arguments.of(63001, "int32_u", 0x8000_0000L),
                Arguments.of(63001, "uint32_u", 0xFFFF_FFFFL),
                Arguments.of(63001, "acc32_u", 0),
                Arguments.of(63001, "enum32_u", 0xFFFF_FFFFL),
                Arguments.of(63001, "bitfield32_u", 0xFFFF_FFFFL),
                Arguments.of(63001, "int64_u", 0x8000_0000_0000_0000L),
                Arguments.of(63001, "acc64_u", 0),
                Arguments.of(63001, "float32_u", Float.NaN),
                Arguments.of(63001, "string_u", ""),
                Arguments.of(63001, "ipaddr_u", "0.0.0.0"),
                Arguments.of(63001, "ipv6addr_u", "::"),
                Arguments.of(63001, "sunssf_1", 0x8000),
                Arguments.of(701, "TotWhInj", 0xFFFF_FFFF_FFFF_FFFFL),
                Arguments.of(11, "MAC", "FF:FF:FF:FF:FF:FF"),
                Arguments.of(103, "W", 0x8000),
                Arguments.of(103, "PhVphA", 0xFFFF),
                Arguments.of(103, "St", 0xFFFF),
                Arguments.of(113, "W", Float.NaN));
    }

    @ParameterizedTest(name = "model {0} {1} = {2}")
    @MethodSource("notImplementedValues")
    void aNotImplementedValueIsAbsent(int model, String point, Object sentinel) {
        DecodedModel decoded = Decoding.decode(OfficialModels.image(model).set(point, sentinel));

        assertThat(decoded.values()).doesNotContainKey(point);
    }
}
