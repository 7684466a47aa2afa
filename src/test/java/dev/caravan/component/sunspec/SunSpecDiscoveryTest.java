package dev.caravan.component.sunspec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.caravan.component.sunspec.DiscoveryEvent.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Finding a device's SunSpec models on a fake register bank laid out from the official definitions: the base
 * addresses, the chain of models to its end marker, and chains that are broken.
 */
class SunSpecDiscoveryTest {

    private final SunSpecDiscovery discovery = new SunSpecDiscovery(SunSpecModels.load(null));

    private static SunSpecImage inverterAt(int base) {
        return SunSpecImage.at(base).model(OfficialModels.image(1)).model(OfficialModels.image(103))
                .model(OfficialModels.image(160).repeat("module", 2).set("N", 2));
    }

    @ParameterizedTest(name = "SunS at {0}")
    @ValueSource(ints = {40000, 0, 50000})
    void findsTheModelsAtEachBaseAddress(int base) {
        SunSpecImage image = inverterAt(base);

        DiscoveryResult result = discovery.discover(image.withEndMarker());

        assertThat(result.baseAddress()).hasValue(base);
        assertThat(result.modelIds()).containsExactly(1, 103, 160);
        assertThat(result.models()).extracting(ModelLocation::address)
                .containsExactly(image.address(0), image.address(1), image.address(2));
        assertThat(result.complete()).isTrue();
        assertThat(result.events()).isEmpty();
    }

    @Test
    void theModelLengthsAreTheOnesTheDeviceDeclares() {
        DiscoveryResult result = discovery.discover(inverterAt(40000).withEndMarker());

        assertThat(result.models()).extracting(ModelLocation::length).containsExactly(66, 50, 8 + 2 * 20);
    }

    @Test
    void baseAddress40000IsPreferredTo0() {
        FakeRegisterBank bank = SunSpecImage.at(0).model(OfficialModels.image(1)).withEndMarker();
        SunSpecImage.at(40000).model(OfficialModels.image(1)).model(OfficialModels.image(203)).writeTo(bank);

        DiscoveryResult result = discovery.discover(bank);

        assertThat(result.baseAddress()).hasValue(40000);
        assertThat(result.modelIds()).containsExactly(1, 203);
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {65, 66})
    void theCommonModelMayHaveLength65Or66(int length) {
        FakeRegisterBank bank = SunSpecImage.at(40000).model(OfficialModels.image(1).length(length))
                .model(OfficialModels.image(103)).withEndMarker();

        DiscoveryResult result = discovery.discover(bank);

        assertThat(result.modelIds()).containsExactly(1, 103);
        assertThat(result.events()).isEmpty();
    }

    @Test
    void anUnknownModelIsReportedAndSkippedByItsLength() {
        SunSpecImage image = SunSpecImage.at(40000).model(OfficialModels.image(1)).unknownModel(64999, 10)
                .model(OfficialModels.image(103));

        DiscoveryResult result = discovery.discover(image.withEndMarker());

        assertThat(result.modelIds()).containsExactly(1, 103);
        assertThat(result.events()).singleElement().satisfies(event -> {
            assertThat(event.kind()).isEqualTo(Kind.UNKNOWN_MODEL);
            assertThat(event.modelId()).isEqualTo(64999);
            assertThat(event.address()).isEqualTo(image.address(1));
        });
        assertThat(result.complete()).isTrue();
    }

    @Test
    void aModelWhoseLengthDoesNotFitItsDefinitionIsReportedAndTheChainFollowed() {
        SunSpecImage image = SunSpecImage.at(40000).model(OfficialModels.image(1))
                .model(OfficialModels.image(103).length(48)).model(OfficialModels.image(120));

        DiscoveryResult result = discovery.discover(image.withEndMarker());

        assertThat(result.modelIds()).containsExactly(1, 120);
        assertThat(result.events()).singleElement().satisfies(event -> {
            assertThat(event.kind()).isEqualTo(Kind.WRONG_LENGTH);
            assertThat(event.message()).isEqualTo("model 103 (inverter_three_phase) has length 48, its definition"
                    + " says 50 at " + image.address(1) + "; skipped");
        });
    }

    @Test
    void aChainWithoutEndMarkerKeepsTheModelsFoundBefore() {
        SunSpecImage image = inverterAt(40000);

        DiscoveryResult result = discovery.discover(image.withoutEndMarker());

        assertThat(result.modelIds()).containsExactly(1, 103, 160);
        assertThat(result.complete()).isFalse();
        assertThat(result.events()).singleElement().satisfies(event -> {
            assertThat(event.kind()).isEqualTo(Kind.READ_ERROR);
            assertThat(event.address()).isEqualTo(image.end());
            assertThat(event.message()).contains("without its end marker");
        });
    }

    @Test
    void aHeaderThatCannotBeReadEndsTheChainKeepingTheModelsBefore() {
        SunSpecImage image = inverterAt(40000);

        DiscoveryResult result = discovery.discover(image.withEndMarker().failReadsOf(image.address(2)));

        assertThat(result.modelIds()).containsExactly(1, 103);
        assertThat(result.events()).extracting(DiscoveryEvent::kind).containsExactly(Kind.READ_ERROR);
        assertThat(result.complete()).isFalse();
    }

    @Test
    void aHeaderOfLengthZeroIsNotTakenForAModel() {
        SunSpecImage image = SunSpecImage.at(40000).model(OfficialModels.image(1)).block((short) 0, (short) 0);

        DiscoveryResult result = discovery.discover(image.withEndMarker());

        assertThat(result.modelIds()).containsExactly(1);
        assertThat(result.events()).extracting(DiscoveryEvent::kind).containsExactly(Kind.NO_END_MARKER);
    }

    @Test
    void aLengthRunningPastTheLastRegisterEndsTheChain() {
        SunSpecImage image = SunSpecImage.at(50000).model(OfficialModels.image(1)).block((short) 64999, (short) 65000);

        DiscoveryResult result = discovery.discover(image.withoutEndMarker());

        assertThat(result.modelIds()).containsExactly(1);
        assertThat(result.events()).extracting(DiscoveryEvent::kind)
                .containsExactly(Kind.UNKNOWN_MODEL, Kind.NO_END_MARKER);
    }

    @Test
    void aDeviceWithoutTheMarkerIsNotSunSpec() {
        FakeRegisterBank bank = new FakeRegisterBank();
        bank.put(40000, (short) 0x1234);
        bank.put(40001, (short) 0x5678);

        DiscoveryResult result = discovery.discover(bank);

        assertThat(result.baseAddress()).isEmpty();
        assertThat(result.models()).isEmpty();
        assertThat(result.events()).singleElement().satisfies(event -> {
            assertThat(event.kind()).isEqualTo(Kind.NOT_SUNSPEC);
            assertThat(event.message()).contains("40000 holds 0x12345678").contains("0 cannot be read")
                    .contains("50000 cannot be read");
        });
    }

    @Test
    void theBaseAddressesAreTriedInTheOrderSunSpecGives() {
        FakeRegisterBank bank = SunSpecImage.at(50000).model(OfficialModels.image(1)).withEndMarker();

        discovery.discover(bank);

        assertThat(bank.reads().subList(0, 3)).extracting(read -> read[0]).containsExactly(40000, 0, 50000);
        assertThat(List.copyOf(bank.reads())).allSatisfy(read -> assertThat(read[1]).isEqualTo(2));
    }
}
