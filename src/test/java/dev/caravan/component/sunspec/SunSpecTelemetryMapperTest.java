package dev.caravan.component.sunspec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.mqtt.PayloadSchemas;
import dev.caravan.mqtt.TopicKind;
import org.junit.jupiter.api.Test;

/** Decoded models as canonical telemetry, by the shipped adapters/sunspec/mapping.yaml. */
class SunSpecTelemetryMapperTest {

    private final SunSpecTelemetryMapper mapper =
            new SunSpecTelemetryMapper(TelemetryMapping.load(SunSpecFiles.REPO.resolve(TelemetryMapping.DEFAULT_FILE)));

    private ObjectNode telemetry(ModelImage... images) {
        return mapper.toTelemetry(Stream.of(images).map(Decoding::decode).toList());
    }

    private static ModelImage inverter() {
        return OfficialModels.image(103).set("W", 4321).set("W_SF", 0).set("WH", 123456).set("WH_SF", 1)
                .set("PhVphA", 2301).set("V_SF", -1).set("A", 1875).set("A_SF", -2).set("Hz", 5001)
                .set("Hz_SF", -2).set("TmpCab", 41).set("Tmp_SF", 0).set("St", 4);
    }

    @Test
    void inverterPointsBecomeCanonicalNumbersWithTheirScaleFactors() {
        ObjectNode telemetry = telemetry(inverter());

        assertThat(telemetry.get("power_w").decimalValue()).isEqualByComparingTo("4321");
        assertThat(telemetry.get("energy_wh").decimalValue()).isEqualByComparingTo("1234560");
        assertThat(telemetry.get("voltage_an_v").decimalValue()).isEqualByComparingTo("230.1");
        assertThat(telemetry.get("current_a").decimalValue()).isEqualByComparingTo("18.75");
        assertThat(telemetry.get("frequency_hz").decimalValue()).isEqualByComparingTo("50.01");
        assertThat(telemetry.get("temperature_cabinet_c").decimalValue()).isEqualByComparingTo("41");
        assertThat(telemetry.get("power_w").isNumber()).isTrue();
    }

    @Test
    void theOperatingStateIsItsSymbolName() {
        assertThat(telemetry(inverter()).get("operating_state").asText()).isEqualTo("MPPT");
    }

    @Test
    void pointsTheDeviceDoesNotImplementAreLeftOut() {
        ObjectNode telemetry = telemetry(inverter());

        assertThat(telemetry.has("voltage_bn_v")).isFalse();
        assertThat(telemetry.has("dc_power_w")).isFalse();
    }

    @Test
    void bitfieldsAreTheNamesOfTheSetBitsJoinedByCommas() {
        ObjectNode telemetry = telemetry(inverter().set("Evt1", (1L << 0) | (1L << 1)));

        List<String> names = OfficialModels.get(103).group().points().stream()
                .filter(point -> point.name().equals("Evt1")).findFirst().orElseThrow().symbols().stream()
                .filter(symbol -> symbol.value() < 2).map(Symbol::name).toList();
        assertThat(telemetry.get("events").asText()).isEqualTo(String.join(",", names));
    }

    @Test
    void eachModuleOfModel160HasKeysOfItsOwn() {
        ObjectNode telemetry = telemetry(OfficialModels.image(160).repeat("module", 2).set("N", 2).set("DCW_SF", 0)
                .set("module[1].DCW", 1500).set("module[2].DCW", 1700).set("module[2].IDStr", "east"));

        assertThat(telemetry.get("mppt_1_dc_power_w").asLong()).isEqualTo(1500);
        assertThat(telemetry.get("mppt_2_dc_power_w").asLong()).isEqualTo(1700);
        assertThat(telemetry.get("mppt_2_name").asText()).isEqualTo("east");
    }

    @Test
    void aMeterBesideAnInverterKeepsItsOwnKeys() {
        ObjectNode telemetry = telemetry(inverter(), OfficialModels.image(203).set("W", -800).set("W_SF", 0));

        assertThat(telemetry.get("power_w").asLong()).isEqualTo(4321);
        assertThat(telemetry.get("meter_power_w").asLong()).isEqualTo(-800);
    }

    @Test
    void aKeySetByAnEarlierModelIsKept() {
        ObjectNode telemetry = telemetry(inverter(), OfficialModels.image(701).set("W", 9999).set("W_SF", 0));

        assertThat(telemetry.get("power_w").asLong()).isEqualTo(4321);
    }

    @Test
    void aFullDeviceGivesValidCanonicalTelemetry() {
        ObjectNode telemetry = telemetry(inverter().set("Evt1", 1), OfficialModels.image(120).set("WRtg", 10)
                .set("WRtg_SF", 3), OfficialModels.image(160).repeat("module", 4).set("N", 4).set("DCV_SF", 0)
                .set("module[4].DCV", 600), OfficialModels.image(203).set("TotWhImp", 77).set("TotWh_SF", 0),
                OfficialModels.image(701).set("TmpAmb", 12).set("Tmp_SF", 0));

        assertThat(new PayloadSchemas().violations(TopicKind.TELEMETRY, telemetry)).isEmpty();
        assertThat(telemetry.size()).isGreaterThan(5);
    }
}
