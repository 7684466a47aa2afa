package dev.caravan.component.sunspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import dev.caravan.component.sunspec.SunSpecControl.RegisterWrite;

/**
 * Control points written as a device expects them: values in engineering units scaled by the device's own scale
 * factor, enums by symbol name, at the point's register; what cannot be written refused with the reason; and the
 * read-back that confirms a write. On a fake register bank laid out from the shipped definitions.
 */
class SunSpecControlTest {

    private static final SunSpecModels MODELS = SunSpecModels.load(null);
    private static final int ADDRESS = 40_002;

    private final ModelDefinition controls = MODELS.get(123);
    private final ModelDefinition der = MODELS.get(704);

    private static FakeRegisterBank bank(ModelImage image) {
        FakeRegisterBank bank = new FakeRegisterBank();
        short[] registers = image.registers();
        for (int i = 0; i < registers.length; i++) {
            bank.put(ADDRESS + i, registers[i]);
        }
        return bank;
    }

    private static DecodedModel read(ModelDefinition model, FakeRegisterBank bank) throws IOException {
        int length = bank.read(ADDRESS + 1, 1)[0] + ModelDefinition.HEADER;
        return ModelDecoder.decode(model, bank.read(ADDRESS, length), ADDRESS);
    }

    private static void apply(RegisterWrite write, FakeRegisterBank bank) {
        for (int i = 0; i < write.words().length; i++) {
            bank.put(write.address() + i, write.words()[i]);
        }
    }

    @Test
    void aPercentageIsScaledByTheDevicesScaleFactorAndConfirmedByTheReadBack() throws IOException {
        FakeRegisterBank device = bank(ModelImage.of(controls).set("WMaxLimPct_SF", -1).set("WMaxLimPct", 1000));

        RegisterWrite write = SunSpecControl.prepare(controls, read(controls, device), "WMaxLimPct", 75.5);

        assertThat(write.address()).isEqualTo(ADDRESS + ModelImage.of(controls).offsetOf("WMaxLimPct"));
        assertThat(write.words()).containsExactly((short) 755);
        apply(write, device);
        DecodedModel after = read(controls, device);
        assertThat(after.value("WMaxLimPct")).isEqualTo(new BigDecimal("75.5"));
        assertThat(SunSpecControl.confirmed(write, controls, after)).isTrue();
    }

    @Test
    void aWriteTheDeviceDidNotTakeIsNotConfirmed() throws IOException {
        FakeRegisterBank device = bank(ModelImage.of(controls).set("WMaxLimPct_SF", 0).set("WMaxLimPct", 100));

        RegisterWrite write = SunSpecControl.prepare(controls, read(controls, device), "WMaxLimPct", 60);

        assertThat(SunSpecControl.confirmed(write, controls, read(controls, device))).isFalse();
    }

    @Test
    void anEnumIsWrittenByItsSymbolName() throws IOException {
        FakeRegisterBank device = bank(ModelImage.of(controls).set("Conn", 0));

        RegisterWrite write = SunSpecControl.prepare(controls, read(controls, device), "Conn", "CONNECT");

        assertThat(write.words()).containsExactly((short) 1);
        assertThat(write.expected()).isEqualTo("CONNECT");
        apply(write, device);
        assertThat(SunSpecControl.confirmed(write, controls, read(controls, device))).isTrue();
    }

    @Test
    void anUnknownSymbolIsRefusedNamingTheKnownOnes() throws IOException {
        DecodedModel current = read(controls, bank(ModelImage.of(controls)));

        assertThatThrownBy(() -> SunSpecControl.prepare(controls, current, "Conn", "MAYBE"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CONNECT");
    }

    @Test
    void aNegativeSetpointIsWrittenAsTwosComplement() throws IOException {
        FakeRegisterBank device = bank(ModelImage.of(controls).set("OutPFSet_SF", -3));

        RegisterWrite write = SunSpecControl.prepare(controls, read(controls, device), "OutPFSet", -0.95);

        assertThat(write.words()).containsExactly((short) -950);
        apply(write, device);
        assertThat(read(controls, device).value("OutPFSet")).isEqualTo(new BigDecimal("-0.950"));
    }

    @Test
    void aPointOfAFixedGroupIsWrittenAtItsPlaceWithTheModelsScaleFactor() throws IOException {
        FakeRegisterBank device = bank(ModelImage.of(der).set("PF_SF", -2).set("PFWInj[1].PF", 100));

        RegisterWrite write = SunSpecControl.prepare(der, read(der, device), "PFWInj.PF", 0.95);

        assertThat(write.words()).containsExactly((short) 95);
        apply(write, device);
        DecodedModel after = read(der, device);
        assertThat(after.group().instances("PFWInj").get(0).value("PF")).isEqualTo(new BigDecimal("0.95"));
        assertThat(after.group().instances("PFWInjRvrt").get(0).value("PF")).as("the next group is untouched")
                .isNull();
        assertThat(SunSpecControl.confirmed(write, der, after)).isTrue();
    }

    @Test
    void aValueBeyondThePointsRangeIsRefused() throws IOException {
        DecodedModel current = read(controls, bank(ModelImage.of(controls).set("WMaxLimPct_SF", -1)));

        // 7000 % is 70000 in tenths: more than a uint16 holds (65535 means "not implemented")
        assertThatThrownBy(() -> SunSpecControl.prepare(controls, current, "WMaxLimPct", 7000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    }

    @Test
    void withoutTheDevicesScaleFactorAScaledPointIsNotWritten() throws IOException {
        DecodedModel current = read(controls, bank(ModelImage.of(controls)));

        assertThatThrownBy(() -> SunSpecControl.prepare(controls, current, "WMaxLimPct", 50))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("WMaxLimPct_SF");
    }

    @Test
    void aReadOnlyOrUnknownPointIsRefused() throws IOException {
        DecodedModel current = read(controls, bank(ModelImage.of(controls)));

        assertThatThrownBy(() -> SunSpecControl.prepare(controls, current, "WMaxLimPct_SF", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("read-only");
        assertThatThrownBy(() -> SunSpecControl.prepare(controls, current, "Throttle", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no point Throttle");
    }

    @Test
    void aNumberWhereTextIsNotANumberIsRefused() throws IOException {
        DecodedModel current = read(controls, bank(ModelImage.of(controls).set("WMaxLimPct_SF", 0)));

        assertThatThrownBy(() -> SunSpecControl.prepare(controls, current, "WMaxLimPct", "lots"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes a number");
    }
}
