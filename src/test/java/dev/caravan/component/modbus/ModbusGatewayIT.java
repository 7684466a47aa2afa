package dev.caravan.component.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.caravan.testing.HubApi;
import dev.caravan.testing.HubEndpoints;
import dev.caravan.testing.HubTest;
import dev.caravan.testing.PymodbusServer;

/**
 * A whole hub bridging Modbus devices served by Debian's pymodbus: devices registered with protocol modbus are
 * polled and their values stored as telemetry; WRITE commands become Modbus writes with the outcome as the
 * command's; Modbus exceptions become device events; poll health becomes the device's status; a site route in
 * routes/ instantiates the modbus-poll template.
 */
@HubTest
class ModbusGatewayIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    static PymodbusServer server;

    /** Runs before the hub is built: without pymodbus the class is skipped (locally) or fails (CI) at once. */
    @BeforeAll
    static void requirePymodbus() {
        PymodbusServer.requireInstalled();
    }

    @DynamicPropertySource
    static void modbus(DynamicPropertyRegistry registry) throws IOException {
        // 230.5 V at input register 0 (SDM120 voltage, float32), 1234.5 kWh at 72 (import energy)
        server = PymodbusServer.start("--units", "1,2", "--set", "1:ir:0=0x4366,0x8000", "--set",
                "1:ir:72=0x449A,0x5000", "--set", "2:ir:0=0x4367,0x0000");
        Path routes = Files.createTempDirectory("caravan-modbus-routes-");
        Files.writeString(routes.resolve("site-meter.yaml"), """
                - templatedRoute:
                    routeTemplateRef: modbus-poll
                    routeId: site-meter-poll
                    parameters:
                      - {name: deviceId, value: site-meter}
                      - {name: host, value: 127.0.0.1}
                      - {name: port, value: "%d"}
                      - {name: unitId, value: "2"}
                      - {name: profile, value: eastron-sdm120}
                """.formatted(server.port()));
        registry.add("caravan.routes.dir", routes::toString);
        registry.add("caravan.modbus.registry-sync-interval", () -> "500ms");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Autowired
    Environment env;

    @Autowired
    CamelContext camel;

    @Test
    void aDeviceRegisteredWithProtocolModbusIsPolledAndItsValuesStored() {
        HubApi api = HubEndpoints.api(env);
        register(api, "meter-1", server.port(), 1, "eastron-sdm120");

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode values = api.get("/devices/meter-1/telemetry/latest").json().get("values");
            assertThat(values.at("/voltage/value").asDouble()).isEqualTo(230.5);
            assertThat(values.at("/energy_import/value").asDouble()).isEqualTo(1234.5);
        });
        await().atMost(WAIT).until(() -> "online".equals(api.get("/devices/meter-1/status").json().path("state")
                .asText()));
    }

    @Test
    void aWriteCommandSwitchesTheRelayAndTheCommandSucceeds() {
        HubApi api = HubEndpoints.api(env);
        register(api, "relays-1", server.port(), 1, "waveshare-relay-8ch");
        await().atMost(WAIT).until(() -> "online".equals(api.get("/devices/relays-1/status").json().path("state")
                .asText()));

        JsonNode command = api.post("/devices/relays-1/commands",
                "{\"type\":\"WRITE\",\"params\":{\"point\":\"relay1\",\"value\":true},\"wait\":true}").json();

        assertThat(command.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(command.at("/result/value").asBoolean()).isTrue();
        await().atMost(WAIT).until(() -> api.get("/devices/relays-1/telemetry/latest").json()
                .at("/values/relay1/value").asBoolean());
    }

    @Test
    void aWriteThatDoesNotFitThePointFailsTheCommandWithTheReason() {
        HubApi api = HubEndpoints.api(env);
        register(api, "relays-2", server.port(), 1, "waveshare-relay-8ch");
        await().atMost(WAIT).until(() -> "online".equals(api.get("/devices/relays-2/status").json().path("state")
                .asText()));

        JsonNode command = api.post("/devices/relays-2/commands",
                "{\"type\":\"WRITE\",\"params\":{\"point\":\"software_version\",\"value\":2},\"wait\":true}").json();

        assertThat(command.get("state").asText()).isEqualTo("FAILED");
        assertThat(command.at("/error/code").asText()).isEqualTo("BAD_REQUEST");
        assertThat(command.at("/error/message").asText()).contains("is not writable");
    }

    @Test
    void aCommandAModbusDeviceCannotCarryOutFailsAsUnsupportedAtOnce() {
        HubApi api = HubEndpoints.api(env);
        register(api, "relays-4", server.port(), 1, "waveshare-relay-8ch");
        await().atMost(WAIT).until(() -> "online".equals(api.get("/devices/relays-4/status").json().path("state")
                .asText()));

        // answered before the dispatcher has even committed the SENT: the answer must wait for it, not be dropped
        JsonNode command = api.post("/devices/relays-4/commands",
                "{\"type\":\"REBOOT\",\"params\":{\"point\":\"relay1\"},\"wait\":true}").json();

        assertThat(command.get("state").asText()).isEqualTo("FAILED");
        assertThat(command.at("/error/code").asText()).isEqualTo("UNSUPPORTED");
    }

    @Test
    void aModbusExceptionBecomesADeviceEvent() {
        HubApi api = HubEndpoints.api(env);
        // the relay profile's software version is at 0x8000, beyond the test server's 1000 registers
        register(api, "relays-3", server.port(), 1, "waveshare-relay-8ch");

        await().atMost(WAIT).untilAsserted(() -> assertThat(
                api.get("/devices/relays-3/events?category=device").json().get("items"))
                .anySatisfy(event -> {
                    assertThat(event.get("type").asText()).isEqualTo("modbus.exception");
                    assertThat(event.at("/data/code").asText()).isEqualTo("ILLEGAL_DATA_ADDRESS");
                }));
    }

    @Test
    void aDeviceThatStopsAnsweringGoesOffline() throws IOException {
        HubApi api = HubEndpoints.api(env);
        try (PymodbusServer own = PymodbusServer.start("--set", "1:ir:0=0x4366,0x8000")) {
            register(api, "meter-2", own.port(), 1, "eastron-sdm120");
            await().atMost(WAIT).until(() -> "online".equals(api.get("/devices/meter-2/status").json()
                    .path("state").asText()));

            own.kill();

            await().atMost(WAIT).until(() -> "offline".equals(api.get("/devices/meter-2/status").json()
                    .path("state").asText()));
        }
    }

    @Test
    void aDeviceDeletedFromTheRegistryIsNoLongerPolled() {
        HubApi api = HubEndpoints.api(env);
        register(api, "meter-3", server.port(), 1, "eastron-sdm120");
        await().atMost(WAIT).until(() -> camel.getRoute("modbus-poll-meter-3") != null);

        api.delete("/devices/meter-3");

        await().atMost(WAIT).until(() -> camel.getRoute("modbus-poll-meter-3") == null);
    }

    @Test
    void aSiteRouteInstantiatesTheTemplateForADeviceBehindAGateway() {
        HubApi api = HubEndpoints.api(env);

        await().atMost(WAIT).untilAsserted(() -> assertThat(api.get("/devices/site-meter/telemetry/latest").json()
                .at("/values/voltage/value").asDouble()).isEqualTo(231.0));
    }

    private static void register(HubApi api, String id, int port, int unitId, String profile) {
        HubApi.Response created = api.post("/devices", """
                {"id":"%s","type":"meter","protocol":"modbus",
                 "metadata":{"host":"127.0.0.1","port":%d,"unitId":%d,"profile":"%s"}}
                """.formatted(id, port, unitId, profile));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }
}
