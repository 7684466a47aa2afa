package dev.caravan.component.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.caravan.testing.PymodbusServer;
import dev.caravan.testing.SilentServer;

/**
 * The modbus: component against Debian's pymodbus server (tests/modbus/server.py): polling by a profile, reads and
 * writes of every function code, Modbus exceptions, a server that never answers, a server restarted mid-poll, units
 * behind one gateway, RTU over TCP.
 */
class ModbusComponentIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private ModbusRig rig;
    private PymodbusServer server;

    @BeforeEach
    void startRig() throws Exception {
        PymodbusServer.requireInstalled();
        rig = new ModbusRig();
    }

    @AfterEach
    void stop() {
        rig.close();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void pollsADeviceByItsProfileAndReportsDecodedValues() throws Exception {
        // 230.5 V as float32, 0x4366 0x8000; setpoint 21.5 as int16 tenths; relay 1 on; door open
        server = PymodbusServer.start("--set", "1:ir:0=0x4366,0x8000", "--set", "1:hr:10=215", "--set", "1:co:3=1",
                "--set", "1:di:1=1");

        ModbusRig.Received meter = rig.poll("meter", uri("test-meter", "meter-1"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(meter.of("telemetry")).first().satisfies(values -> {
            assertThat(values.get("voltage")).isEqualTo(230.5);
            assertThat(values.get("setpoint")).isEqualTo(21.5);
            assertThat(values.get("relay1")).isEqualTo(true);
            assertThat(values.get("door")).isEqualTo(true);
            assertThat(values.get("ts")).isInstanceOf(Long.class);
        }));
        assertThat(meter.states()).containsExactly("online");
    }

    @Test
    void anOnChangeGroupReportsOnlyWhatChanged() throws Exception {
        server = PymodbusServer.start("--set", "1:ir:0=0x4366,0x8000");
        ModbusRig.Received meter = rig.poll("meter", uri("test-meter", "meter-1"));
        await().atMost(WAIT).until(() -> meter.of("telemetry").size() == 1);

        rig.producer().sendBodyAndHeader(uri("test-meter", "meter-1"), 19.0, ModbusConstants.POINT, "setpoint");

        await().atMost(WAIT).untilAsserted(() -> assertThat(meter.of("telemetry")).hasSize(2).last()
                .satisfies(values -> assertThat(values.keySet()).containsExactlyInAnyOrder("setpoint", "ts")));
        assertThat(meter.latest("setpoint")).isEqualTo(19.0);
    }

    @Test
    void writesANamedCoilOfAShippedProfile() throws Exception {
        server = PymodbusServer.start();

        Object written = rig.producer().requestBodyAndHeader(uri("waveshare-relay-8ch", "relays"), true,
                ModbusConstants.POINT, "relay3");

        assertThat(written).isEqualTo(true);
        assertThat(rig.producer().requestBodyAndHeader(uri("waveshare-relay-8ch", "relays"), null,
                ModbusConstants.POINT, "relay3")).isEqualTo(true);
        assertThat(raw(1, 0, 4, null)).isEqualTo(List.of(false, false, true, false));
    }

    @Test
    void readsAndWritesByEveryFunctionCode() throws Exception {
        server = PymodbusServer.start("--set", "1:di:5=1", "--set", "1:ir:7=1234");

        raw(5, 0, 1, true);
        raw(15, 1, 1, List.of(false, true, true));
        raw(6, 20, 1, 65535);
        raw(16, 21, 1, List.of(1, 2, 3));

        assertThat(raw(1, 0, 4, null)).isEqualTo(List.of(true, false, true, true));
        assertThat(raw(2, 4, 2, null)).isEqualTo(List.of(false, true));
        assertThat(raw(3, 20, 4, null)).isEqualTo(List.of(65535, 1, 2, 3));
        assertThat(raw(4, 7, 1, null)).isEqualTo(List.of(1234));
    }

    @Test
    void aModbusExceptionBecomesOneEventWhileTheDeviceStaysOnline() throws Exception {
        server = PymodbusServer.start("--set", "1:ir:0=0x4366,0x8000");

        ModbusRig.Received meter = rig.poll("meter", uri("out-of-range", "meter-2"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(meter.of("event")).singleElement().satisfies(event -> {
            assertThat(event.get("type")).isEqualTo("modbus.exception");
            assertThat(event.get("severity")).isEqualTo("warning");
            assertThat(ModbusRig.asMap((Map<?, ?>) event.get("data"))).containsEntry("code", "ILLEGAL_DATA_ADDRESS")
                    .containsEntry("address", 5000).containsEntry("points", List.of("beyond"));
        }));
        await().atMost(WAIT).until(() -> rig.component.stats().deviceExceptions() >= 3);
        assertThat(meter.of("event")).as("reported once, not at every poll").hasSize(1);
        assertThat(meter.latest("voltage")).isEqualTo(230.5);
        assertThat(meter.states()).containsExactly("online");
    }

    @Test
    void aRequestTheDeviceRefusesFailsWithTheExceptionCode() throws Exception {
        server = PymodbusServer.start();

        assertThatThrownBy(() -> raw(3, 5000, 1, null)).isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOf(ModbusRequestException.class)
                .satisfies(e -> assertThat(((ModbusRequestException) e).code()).isEqualTo("ILLEGAL_DATA_ADDRESS"));
    }

    @Test
    void aBadValueForAPointFailsBeforeAnythingIsSent() throws Exception {
        server = PymodbusServer.start();

        assertThatThrownBy(() -> rig.producer().requestBodyAndHeader(uri("test-meter", "m"), "warm",
                ModbusConstants.POINT, "setpoint"))
                .cause().isInstanceOf(ModbusRequestException.class)
                .hasMessage("point 'setpoint' takes a number, not warm")
                .satisfies(e -> assertThat(((ModbusRequestException) e).code()).isEqualTo("BAD_REQUEST"));
    }

    @Test
    void aDeviceThatNeverAnswersGoesOfflineAndAWriteTimesOut() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            String uri = "modbus:127.0.0.1:" + silent.port() + "?profile=test-meter&deviceId=hung&requestTimeout=300"
                    + "&offlineAfter=2";
            ModbusRig.Received hung = rig.poll("hung", uri);

            await().atMost(WAIT).until(() -> hung.states().equals(List.of("offline")));
            assertThat(hung.of("telemetry")).isEmpty();
            assertThatThrownBy(() -> rig.producer().requestBodyAndHeader(uri, true, ModbusConstants.POINT, "relay1"))
                    .cause().isInstanceOf(ModbusRequestException.class)
                    .satisfies(e -> assertThat(((ModbusRequestException) e).code()).isEqualTo("TIMEOUT"));
        }
    }

    @Test
    void anOfflineDeviceIsProbedWithBackOffInsteadOfAtEveryTick() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            // polled every 200 ms: 15 ticks in 3 s; offline after the first timeout, then probed after 1 s and 2 s
            ModbusRig.Received hung = rig.poll("hung", "modbus:127.0.0.1:" + silent.port()
                    + "?profile=test-meter&deviceId=hung&requestTimeout=200&offlineAfter=1&backoffInitial=1000");
            await().atMost(WAIT).until(() -> hung.states().equals(List.of("offline")));
            long atOffline = silent.readRequests();

            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);

            assertThat(silent.readRequests() - atOffline).as("read requests in the 3 s after going offline")
                    .isBetween(1L, 3L * 4);
            assertThat(hung.states()).as("logged and reported once").containsExactly("offline");
        }
    }

    @Test
    void aServerRestartedMidPollTakesTheDeviceOfflineAndBackOnline() throws Exception {
        server = PymodbusServer.start("--set", "1:ir:0=0x4366,0x8000");
        ModbusRig.Received meter = rig.poll("meter", uri("test-meter", "meter-1")
                + "&requestTimeout=300&backoffInitial=200&backoffMax=500&offlineAfter=1");
        await().atMost(WAIT).until(() -> meter.of("telemetry").size() == 1);

        server.kill();
        await().atMost(WAIT).until(() -> meter.states().equals(List.of("online", "offline")));
        server.restart();

        await().atMost(WAIT).until(() -> meter.states().equals(List.of("online", "offline", "online")));
        await().atMost(WAIT).untilAsserted(() -> assertThat(meter.of("telemetry")).as("everything again after a gap")
                .hasSize(2).last().satisfies(values -> assertThat(values).containsEntry("voltage", 230.5)));
    }

    @Test
    void unitsBehindOneGatewayShareOneConnection() throws Exception {
        server = PymodbusServer.start("--units", "1,2", "--set", "1:ir:0=0x4366,0x8000", "--set",
                "2:ir:0=0x4367,0x0000");

        ModbusRig.Received first = rig.poll("unit-1", uri("test-meter", "unit-1"));
        ModbusRig.Received second = rig.poll("unit-2", uri("test-meter", "unit-2").replace("unitId=1", "unitId=2"));

        await().atMost(WAIT).until(() -> first.latest("voltage") != null && second.latest("voltage") != null);
        assertThat(first.latest("voltage")).isEqualTo(230.5);
        assertThat(second.latest("voltage")).isEqualTo(231.0);
        assertThat(rig.component.openConnections()).isEqualTo(1);
    }

    @Test
    void readsRtuFramesThroughATcpGateway() throws Exception {
        server = PymodbusServer.start("--framer", "rtu", "--set", "1:ir:0=0x4366,0x8000");

        ModbusRig.Received meter = rig.poll("rtu", uri("test-meter", "rtu-meter") + "&transport=rtu-over-tcp");

        await().atMost(WAIT).until(() -> meter.latest("voltage") != null);
        assertThat(meter.latest("voltage")).isEqualTo(230.5);
    }

    private String uri(String profile, String deviceId) {
        return "modbus:127.0.0.1:" + server.port() + "?unitId=1&profile=" + profile + "&deviceId=" + deviceId;
    }

    private Object raw(int function, int address, int quantity, Object body) {
        return rig.producer().requestBodyAndHeaders("modbus:127.0.0.1:" + server.port(), body, Map.of(
                ModbusConstants.FUNCTION, function, ModbusConstants.ADDRESS, address,
                ModbusConstants.QUANTITY, quantity));
    }
}
