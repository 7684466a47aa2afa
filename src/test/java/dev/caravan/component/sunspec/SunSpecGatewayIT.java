package dev.caravan.component.sunspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.caravan.testing.HubApi;
import dev.caravan.testing.HubEndpoints;
import dev.caravan.testing.HubTest;
import dev.caravan.testing.PymodbusServer;

/**
 * A whole hub bridging SunSpec devices served by Debian's pymodbus (register images from the official models):
 * devices registered with protocol sunspec are discovered at each base address and their values stored as
 * telemetry, their identity stored in the registry, broken chains reported as device events, and WRITE commands
 * carried out as confirmed control writes; a device deleted from the registry is no longer polled.
 */
@HubTest
class SunSpecGatewayIT {

    private static final Duration WAIT = Duration.ofSeconds(40);

    static PymodbusServer server;

    @DynamicPropertySource
    static void sunspec(DynamicPropertyRegistry registry) throws IOException {
        server = new SunSpecSimulator()
                .unit(1, SimulatedInverter.at(40_000))
                .unit(2, SimulatedInverter.at(0))
                .unit(3, SimulatedInverter.at(50_000))
                .unit(4, SunSpecImage.at(40_000).model(SimulatedInverter.common()).unknownModel(64_900, 12)
                        .model(SimulatedInverter.measurements()))
                .unit(5, SimulatedInverter.at(40_000))
                .start();
        registry.add("caravan.sunspec.registry-sync-interval", () -> "500ms");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Autowired
    Environment env;

    @Autowired
    CamelContext camel;

    @ParameterizedTest(name = "SunS at {2}")
    @CsvSource({"inverter-a, 1, 40000", "inverter-b, 2, 0", "inverter-c, 3, 50000"})
    void aDeviceRegisteredWithProtocolSunSpecIsDiscoveredAndItsValuesStored(String id, int unit, int base) {
        HubApi api = HubEndpoints.api(env);
        register(api, id, unit);

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode values = api.get("/devices/" + id + "/telemetry/latest").json().get("values");
            assertThat(values.at("/power_w/value").asDouble()).isEqualTo(1234.0);
            assertThat(values.at("/voltage_an_v/value").asDouble()).isEqualTo(230.1);
            assertThat(values.at("/power_limit_pct/value").asDouble()).isEqualTo(100.0);
        });
        assertThat(api.get("/devices/" + id).json().at("/metadata/sunspec/baseAddress").asInt()).isEqualTo(base);
        assertThat(api.get("/devices/" + id + "/status").json().get("state").asText()).isEqualTo("online");
    }

    @Test
    void theIdentityFromModel1IsStoredInTheRegistry() {
        HubApi api = HubEndpoints.api(env);
        register(api, "inverter-d", 1);

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode device = api.get("/devices/inverter-d").json();
            assertThat(device.path("model").asText()).isEqualTo(SimulatedInverter.MODEL);
            assertThat(device.path("firmwareVersion").asText()).isEqualTo(SimulatedInverter.VERSION);
            assertThat(device.at("/metadata/sunspec/manufacturer").asText()).isEqualTo(SimulatedInverter.MANUFACTURER);
            assertThat(device.at("/metadata/sunspec/serialNumber").asText())
                    .isEqualTo(SimulatedInverter.SERIAL_NUMBER);
        });
    }

    @Test
    void anUnknownModelBecomesADeviceEventWhileTheOtherModelsAreStored() {
        HubApi api = HubEndpoints.api(env);
        register(api, "inverter-e", 4);

        await().atMost(WAIT).untilAsserted(() -> assertThat(
                api.get("/devices/inverter-e/events?category=device").json().get("items"))
                .anySatisfy(event -> {
                    assertThat(event.get("type").asText()).isEqualTo("sunspec.unknown_model");
                    assertThat(event.at("/data/modelId").asInt()).isEqualTo(64_900);
                }));
        await().atMost(WAIT).until(() -> api.get("/devices/inverter-e/telemetry/latest").json()
                .at("/values/power_w/value").asDouble() == 1234.0);
    }

    @Test
    void aWriteCommandSetsThePowerLimitAndIsConfirmedByReadBack() {
        HubApi api = HubEndpoints.api(env);
        registerAndAwaitOnline(api, "inverter-f", 5);

        JsonNode command = writeModel123(api, "inverter-f", "WMaxLimPct", 75);

        assertThat(command.get("state").asText()).as(command.toString()).isEqualTo("SUCCEEDED");
        assertThat(command.at("/result/confirmed").asBoolean()).isTrue();
        await().atMost(WAIT).until(() -> api.get("/devices/inverter-f/telemetry/latest").json()
                .at("/values/power_limit_pct/value").asDouble() == 75.0);
    }

    @Test
    void aWriteOfAPointTheModelDoesNotHaveFailsTheCommandWithTheReason() {
        HubApi api = HubEndpoints.api(env);
        registerAndAwaitOnline(api, "inverter-g", 5);

        JsonNode command = writeModel123(api, "inverter-g", "NoSuchPoint", 1);

        assertThat(command.get("state").asText()).isEqualTo("FAILED");
        assertThat(command.at("/error/code").asText()).isEqualTo("BAD_REQUEST");
        assertThat(command.at("/error/message").asText()).contains("has no point NoSuchPoint");
    }

    @Test
    void aDeviceDeletedFromTheRegistryIsNoLongerPolled() {
        HubApi api = HubEndpoints.api(env);
        register(api, "inverter-h", 1);
        await().atMost(WAIT).until(() -> camel.getRoute("sunspec-poll-inverter-h") != null);

        api.delete("/devices/inverter-h");

        await().atMost(WAIT).until(() -> camel.getRoute("sunspec-poll-inverter-h") == null);
    }

    /**
     * A WRITE command on model 123, waiting for its outcome; with a time to answer of 30 s instead of 10, as the
     * shared test machine can be slow enough to make the default one too short.
     */
    private static JsonNode writeModel123(HubApi api, String id, String point, int value) {
        return api.post("/devices/" + id + "/commands", """
                {"type":"WRITE","params":{"model":123,"point":"%s","value":%d},"wait":true,"timeoutMs":30000}"""
                .formatted(point, value)).json();
    }

    private static void registerAndAwaitOnline(HubApi api, String id, int unitId) {
        register(api, id, unitId);
        await().atMost(WAIT).until(() -> "online".equals(api.get("/devices/" + id + "/status").json().path("state")
                .asText()));
    }

    private static void register(HubApi api, String id, int unitId) {
        HubApi.Response created = api.post("/devices", """
                {"id":"%s","type":"inverter","protocol":"sunspec",
                 "metadata":{"host":"127.0.0.1","port":%d,"unitId":%d,"interval":"500ms"}}
                """.formatted(id, server.port(), unitId));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }
}
