package dev.caravan.component.sunspec.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import dev.caravan.registry.Device;

/** A registered device's metadata as the sunspec-poll template's parameters, and the metadata that is refused. */
class SunSpecDeviceSettingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Device device(String metadata) throws Exception {
        return new Device("pv-1", "inverter", null, null, null, "sunspec", JSON.readTree(metadata), List.of(), null,
                null, null, null, false, null, null);
    }

    @Test
    void onlyTheHostIsRequiredAndTheRestHasDefaults() throws Exception {
        assertThat(SunSpecDeviceSettings.of(device("{\"host\":\"10.0.0.7\"}")).templateParameters())
                .containsEntry("deviceId", "pv-1").containsEntry("host", "10.0.0.7").containsEntry("port", "502")
                .containsEntry("unitId", "1").containsEntry("interval", "10000ms");
    }

    @Test
    void portUnitIdAndIntervalAreTakenFromTheMetadata() throws Exception {
        assertThat(SunSpecDeviceSettings.of(device(
                "{\"host\":\"10.0.0.7\",\"port\":1502,\"unitId\":126,\"interval\":\"2s\"}")).templateParameters())
                .containsEntry("port", "1502").containsEntry("unitId", "126").containsEntry("interval", "2000ms");
    }

    @Test
    void theIdentityTheHubStoresPlaysNoPartSoStoringItDoesNotRestartThePolling() throws Exception {
        assertThat(SunSpecDeviceSettings.of(device("{\"host\":\"h\",\"sunspec\":{\"model\":\"SIM-3\"}}")))
                .isEqualTo(SunSpecDeviceSettings.of(device("{\"host\":\"h\"}")));
    }

    @Test
    void aDeviceWithoutHostIsRefusedWithAnExample() {
        assertThatThrownBy(() -> SunSpecDeviceSettings.of(device("{\"port\":502}")))
                .hasMessageContaining("metadata needs host").hasMessageContaining("\"unitId\":1");
    }

    @Test
    void aUnitIdOutsideTheProtocolsRangeIsRefused() {
        assertThatThrownBy(() -> SunSpecDeviceSettings.of(device("{\"host\":\"h\",\"unitId\":300}")))
                .hasMessageContaining("metadata.unitId").hasMessageContaining("0 to 255");
    }

    @Test
    void anIntervalThatIsNotADurationIsRefused() {
        assertThatThrownBy(() -> SunSpecDeviceSettings.of(device("{\"host\":\"h\",\"interval\":\"often\"}")))
                .hasMessageContaining("metadata.interval");
    }
}
