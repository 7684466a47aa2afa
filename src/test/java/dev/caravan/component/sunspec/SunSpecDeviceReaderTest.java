package dev.caravan.component.sunspec;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import dev.caravan.component.sunspec.DiscoveryEvent.Kind;
import org.junit.jupiter.api.Test;

/** Reading the discovered models of a fake device: decoded values, the Modbus read limit, and models that fail. */
class SunSpecDeviceReaderTest {

    private final SunSpecDiscovery discovery = new SunSpecDiscovery(SunSpecModels.load(null));

    private DeviceReading readAll(FakeRegisterBank device) {
        return SunSpecDeviceReader.read(device, discovery.discover(device).models());
    }

    @Test
    void decodesEveryDiscoveredModelWithItsAddress() {
        SunSpecImage image = SunSpecImage.at(40000).model(OfficialModels.image(1).set("Mn", "Solar Co"))
                .model(OfficialModels.image(103).set("W", 4200).set("W_SF", 0));

        DeviceReading reading = readAll(image.withEndMarker());

        assertThat(reading.models()).extracting(DecodedModel::id).containsExactly(1, 103);
        assertThat(reading.model(1).orElseThrow().value("Mn")).isEqualTo("Solar Co");
        assertThat(reading.model(103).orElseThrow().value("W")).isEqualTo(new BigDecimal("4200"));
        assertThat(reading.model(103).orElseThrow().address()).isEqualTo(image.address(1));
        assertThat(reading.events()).isEmpty();
    }

    @Test
    void everyShippedModelIsFoundAndDecodedFromItsOfficialLayout() {
        SunSpecImage image = SunSpecImage.at(40000);
        for (int id : SunSpecFiles.SHIPPED_IDS) {
            image.model(layoutOf(id));
        }
        FakeRegisterBank device = image.withEndMarker();

        DiscoveryResult found = discovery.discover(device);
        DeviceReading reading = SunSpecDeviceReader.read(device, found.models());

        assertThat(found.events()).isEmpty();
        assertThat(reading.events()).isEmpty();
        assertThat(reading.models()).extracting(DecodedModel::id).containsExactlyElementsOf(SunSpecFiles.SHIPPED_IDS);
    }

    private static ModelImage layoutOf(int id) {
        ModelImage image = OfficialModels.image(id);
        // repeating groups need a count: two MPPT modules, two volt-var curves of four points
        return switch (id) {
            case 160 -> image.repeat("module", 2).set("N", 2);
            case 705 -> image.set("NCrv", 2).set("NPt", 4);
            default -> image;
        };
    }

    @Test
    void aLongModelIsReadInReadsOfAtMost125Registers() {
        // 10 modules: 8 + 200 registers after the header
        FakeRegisterBank device = SunSpecImage.at(40000).model(OfficialModels.image(1))
                .model(OfficialModels.image(160).repeat("module", 10).set("N", 10).set("DCW_SF", 0)
                        .set("module[10].DCW", 1010)).withEndMarker();

        DeviceReading reading = readAll(device);

        assertThat(device.reads()).allSatisfy(read -> assertThat(read[1]).isLessThanOrEqualTo(125));
        assertThat(reading.model(160).orElseThrow().group().instances("module").get(9).value("DCW"))
                .isEqualTo(new BigDecimal("1010"));
    }

    @Test
    void aModelThatCannotBeReadIsReportedAndTheOthersAreRead() {
        SunSpecImage image = SunSpecImage.at(40000).model(OfficialModels.image(1)).model(OfficialModels.image(103))
                .model(OfficialModels.image(120));
        FakeRegisterBank device = image.withEndMarker().failReadsOf(image.address(1) + 10);

        DeviceReading reading = readAll(device);

        assertThat(reading.models()).extracting(DecodedModel::id).containsExactly(1, 120);
        assertThat(reading.events()).singleElement().satisfies(event -> {
            assertThat(event.kind()).isEqualTo(Kind.READ_ERROR);
            assertThat(event.modelId()).isEqualTo(103);
        });
    }

    @Test
    void aModelThatDoesNotDecodeIsReportedAndTheOthersAreRead() {
        // the curves of model 705 are counted by NCrv, which the device says is not implemented
        ModelImage voltVar = OfficialModels.image(705).set("NCrv", 1).set("NPt", 1);
        short[] registers = voltVar.registers();
        registers[voltVar.offsetOf("NCrv")] = (short) 0xFFFF;
        FakeRegisterBank device = SunSpecImage.at(40000).block(registers).model(OfficialModels.image(1))
                .withEndMarker();

        DeviceReading reading = readAll(device);

        assertThat(reading.models()).extracting(DecodedModel::id).containsExactly(1);
        assertThat(reading.events()).extracting(DiscoveryEvent::kind).containsExactly(Kind.DECODE_ERROR);
    }
}
