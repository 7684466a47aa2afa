package dev.caravan.component.modbus.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import dev.caravan.registry.Device;

/** A registered device's metadata as the parameters of its modbus-poll route. */
class ModbusDeviceSettingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void hostAndProfileAreEnoughTheRestHasDefaults() throws Exception {
        assertThat(settings("{\"host\":\"10.0.0.5\",\"profile\":\"eastron-sdm630\"}").templateParameters())
                .containsEntry("deviceId", "m1").containsEntry("host", "10.0.0.5").containsEntry("port", "502")
                .containsEntry("unitId", "1").containsEntry("profile", "eastron-sdm630")
                .containsEntry("transport", "tcp").doesNotContainKey("baudRate");
    }

    @Test
    void aSerialDeviceCarriesItsLineSettings() throws Exception {
        assertThat(settings("{\"host\":\"/dev/ttyUSB0\",\"profile\":\"xy-md02\",\"transport\":\"rtu\","
                + "\"baudRate\":19200,\"parity\":\"even\"}").templateParameters())
                .containsEntry("transport", "rtu").containsEntry("baudRate", "19200").containsEntry("parity", "even");
    }

    @Test
    void withoutHostOrProfileTheMessageShowsAnExample() {
        assertThatThrownBy(() -> settings("{\"host\":\"10.0.0.5\"}"))
                .hasMessageContaining("device m1 (protocol modbus): metadata needs host and profile, e.g.");
    }

    @Test
    void aUnitIdOutsideTheProtocolIsRefused() {
        assertThatThrownBy(() -> settings("{\"host\":\"h\",\"profile\":\"p\",\"unitId\":300}"))
                .hasMessage("device m1: metadata.unitId must be a number from 0 to 255, not 300");
    }

    private static ModbusDeviceSettings settings(String metadata) throws Exception {
        JsonNode node = JSON.readTree(metadata);
        return ModbusDeviceSettings.of(new Device("m1", "meter", null, null, null, "modbus", node, List.of(), null,
                null, null, null, false, null, null));
    }
}
