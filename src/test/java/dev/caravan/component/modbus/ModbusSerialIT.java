package dev.caravan.component.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.caravan.testing.PymodbusServer;
import dev.caravan.testing.SerialPair;

/** Modbus RTU on a serial line: socat's virtual serial pair, Debian's pymodbus as the devices on the bus. */
class ModbusSerialIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private SerialPair line;
    private PymodbusServer devices;
    private ModbusRig rig;

    @BeforeEach
    void wire() throws Exception {
        PymodbusServer.requireInstalled();
        line = SerialPair.open();
        devices = PymodbusServer.onSerialLine(line.deviceSide(), "--units", "1,2", "--set", "1:ir:0=0x4366,0x8000",
                "--set", "2:ir:0=0x4367,0x0000");
        rig = new ModbusRig();
        // the simulated devices need a moment to open their side of the line
        await().atMost(WAIT).ignoreExceptions().until(() -> rig.producer().requestBodyAndHeaders(
                "modbus:" + line.hubSide() + "?transport=rtu&requestTimeout=500", null, Map.of(
                        ModbusConstants.FUNCTION, 4, ModbusConstants.ADDRESS, 0, ModbusConstants.QUANTITY, 1)) != null);
    }

    @AfterEach
    void unwire() {
        rig.close();
        devices.close();
        line.close();
    }

    @Test
    void twoDevicesOnOneBusArePolledOverOneSharedLine() throws Exception {
        ModbusRig.Received first = rig.poll("bus-1", uri(1));
        ModbusRig.Received second = rig.poll("bus-2", uri(2));

        await().atMost(WAIT).until(() -> first.latest("voltage") != null && second.latest("voltage") != null);
        assertThat(first.latest("voltage")).isEqualTo(230.5);
        assertThat(second.latest("voltage")).isEqualTo(231.0);
        assertThat(rig.component.openConnections()).as("one serial port, one connection").isEqualTo(1);
    }

    @Test
    void aCoilIsWrittenAndReadBackOverTheLine() {
        rig.producer().requestBodyAndHeader(uri(1), true, ModbusConstants.POINT, "relay1");

        assertThat(rig.producer().requestBodyAndHeader(uri(1), null, ModbusConstants.POINT, "relay1"))
                .isEqualTo(true);
        assertThat(rig.producer().requestBodyAndHeaders("modbus:" + line.hubSide() + "?transport=rtu", null,
                Map.of(ModbusConstants.FUNCTION, 1, ModbusConstants.ADDRESS, 3,
                        ModbusConstants.QUANTITY, 1))).isEqualTo(List.of(true));
    }

    private String uri(int unit) {
        return "modbus:" + line.hubSide() + "?transport=rtu&baudRate=9600&unitId=" + unit
                + "&profile=test-meter&deviceId=bus-" + unit;
    }
}
