package dev.caravan.component.sunspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A model's registers decoded by its definition: scale factors, symbols, repeating groups and lengths. The registers
 * are laid out from the official definitions; the values are the ones a device would send.
 */
class ModelDecoderTest {

    @Test
    void aNegativeScaleFactorGivesDecimals() {
        DecodedModel inverter = Decoding.decode(OfficialModels.image(103).set("A", 1234).set("A_SF", -2));

        assertThat(inverter.value("A")).isEqualTo(new BigDecimal("12.34"));
    }

    @Test
    void aPositiveScaleFactorGivesAWholeNumber() {
        DecodedModel inverter = Decoding.decode(OfficialModels.image(103).set("W", 5).set("W_SF", 2));

        assertThat(inverter.value("W")).isEqualTo(new BigDecimal("500"));
    }

    @Test
    void aScaleFactorMayBeANumberInTheDefinition() {
        // the test model's uint32_4 has "sf": 1
        DecodedModel model = Decoding.decode(OfficialModels.image(63001).set("uint32_4", 7));

        assertThat(model.value("uint32_4")).isEqualTo(new BigDecimal("70"));
    }

    @Test
    void aScaleFactorMayBeInTheEnclosingGroup() {
        DecodedModel mppt = Decoding.decode(OfficialModels.image(160).repeat("module", 1).set("DCA_SF", -1)
                .set("module[1].DCA", 87));

        assertThat(mppt.group().instances("module").get(0).value("DCA")).isEqualTo(new BigDecimal("8.7"));
    }

    @Test
    void aValueWhoseScaleFactorIsNotImplementedIsAbsent() {
        DecodedModel inverter = Decoding.decode(OfficialModels.image(103).set("W", 1000).set("W_SF", 0x8000));

        assertThat(inverter.values()).doesNotContainKey("W");
    }

    @Test
    void anEnumIsTheNameOfItsSymbol() {
        assertThat(Decoding.decode(OfficialModels.image(103).set("St", 4)).value("St")).isEqualTo("MPPT");
    }

    @Test
    void anEnumValueWithoutASymbolStaysANumber() {
        assertThat(Decoding.decode(OfficialModels.image(103).set("St", 77)).value("St")).isEqualTo(77L);
    }

    @Test
    void aBitfieldIsTheNamesOfItsSetBits() {
        DecodedModel inverter = Decoding.decode(OfficialModels.image(103).set("Evt1", (1L << 0) | (1L << 7)));

        assertThat(inverter.value("Evt1")).isEqualTo(List.of(symbol(103, "Evt1", 0), symbol(103, "Evt1", 7)));
    }

    @Test
    void anEmptyBitfieldIsAnEmptyList() {
        assertThat(Decoding.decode(OfficialModels.image(103).set("Evt1", 0)).value("Evt1")).isEqualTo(List.of());
    }

    @Test
    void modulesRepeatAsOftenAsTheModelsLengthSays() {
        DecodedModel mppt = Decoding.decode(OfficialModels.image(160).repeat("module", 3).set("N", 3)
                .set("DCW_SF", 0).set("module[1].DCW", 100).set("module[3].DCW", 300)
                .set("module[3].IDStr", "string 3"));

        List<DecodedGroup> modules = mppt.group().instances("module");
        assertThat(modules).hasSize(3);
        assertThat(modules).extracting(module -> module.value("DCW"))
                .containsExactly(new BigDecimal("100"), null, new BigDecimal("300"));
        assertThat(modules.get(2).value("IDStr")).isEqualTo("string 3");
    }

    @Test
    void nestedGroupsRepeatAsTheirCountingPointsSay() {
        DecodedModel voltVar = Decoding.decode(OfficialModels.image(705).set("NCrv", 2).set("NPt", 3)
                .set("V_SF", -1).set("Crv[2].Pt[3].V", 1050).set("Crv[1].ActPt", 3));

        List<DecodedGroup> curves = voltVar.group().instances("Crv");
        assertThat(curves).hasSize(2);
        assertThat(curves).allSatisfy(curve -> assertThat(curve.instances("Pt")).hasSize(3));
        assertThat(curves.get(1).instances("Pt").get(2).value("V")).isEqualTo(new BigDecimal("105.0"));
        assertThat(curves.get(0).value("ActPt")).isEqualTo(3L);
    }

    @Test
    void aGroupCountedByANotImplementedPointIsAClearError() {
        ModelImage image = OfficialModels.image(705).set("NCrv", 1).set("NPt", 1);
        short[] registers = image.registers();
        registers[image.offsetOf("NCrv")] = (short) 0xFFFF;

        assertThatThrownBy(() -> ModelDecoder.decode(Decoding.definition(705), registers, 0))
                .isInstanceOf(SunSpecDecodeException.class)
                .hasMessage("model 705 (DERVoltVar): group Crv is counted by NCrv, which is not implemented");
    }

    @Test
    void theCommonModelMayLeaveOutItsTrailingPad() {
        DecodedModel common = Decoding.decode(OfficialModels.image(1).length(65).set("SN", "A-1").set("DA", 1));

        assertThat(common.value("SN")).isEqualTo("A-1");
        assertThat(common.value("DA")).isEqualTo(1L);
    }

    @Test
    void registersShortOfAPointAreAnErrorNamingThePoint() {
        short[] registers = Arrays.copyOf(OfficialModels.image(103).registers(), 40);

        assertThatThrownBy(() -> ModelDecoder.decode(Decoding.definition(103), registers, 0))
                .isInstanceOf(SunSpecDecodeException.class)
                .hasMessageStartingWith("model 103 (inverter_three_phase): point inverter_three_phase.")
                .hasMessageContaining("runs past the model's end");
    }

    @Test
    void registersBeyondTheDefinitionAreAnError() {
        short[] registers = OfficialModels.image(103).length(52).registers();

        assertThatThrownBy(() -> ModelDecoder.decode(Decoding.definition(103), registers, 0))
                .hasMessage("model 103 (inverter_three_phase): the definition describes 50 registers, the model's"
                        + " length is 52");
    }

    @Test
    void modulesThatDoNotFillTheModelWholeAreAnError() {
        short[] registers = OfficialModels.image(160).repeat("module", 2).length(8 + 2 * 20 + 5).registers();

        assertThatThrownBy(() -> ModelDecoder.decode(Decoding.definition(160), registers, 0))
                .hasMessageContaining("45 registers are left for group module, not a multiple of its 20");
    }

    private static String symbol(int model, String point, long value) {
        return OfficialModels.get(model).group().points().stream().filter(p -> p.name().equals(point)).findFirst()
                .flatMap(p -> p.symbolOf(value)).orElseThrow();
    }
}
