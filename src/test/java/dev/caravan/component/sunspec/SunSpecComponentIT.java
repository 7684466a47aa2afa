package dev.caravan.component.sunspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.caravan.component.sunspec.SunSpecRig.Received;
import dev.caravan.testing.PymodbusServer;

/**
 * The sunspec: component alone against SunSpec devices served by Debian's pymodbus, their registers laid out from the
 * official model definitions: discovery at each base address, decoded and mapped values, the identity, broken chains
 * reported without losing the other models, control writes confirmed by reading back, a device that is not there at
 * first.
 */
class SunSpecComponentIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int UNKNOWN_MODEL = 64_900;

    static PymodbusServer server;
    SunSpecRig rig = new SunSpecRig();

    @BeforeAll
    static void startDevices() throws IOException {
        server = new SunSpecSimulator()
                .unit(1, SimulatedInverter.at(40_000))
                .unit(2, SimulatedInverter.at(0))
                .unit(3, SimulatedInverter.at(50_000))
                .unit(4, SunSpecImage.at(40_000).model(SimulatedInverter.common().length(65))
                        .model(SimulatedInverter.measurements()))
                .unit(5, SunSpecImage.at(40_000).model(SimulatedInverter.common()).unknownModel(UNKNOWN_MODEL, 12)
                        .model(SimulatedInverter.measurements()))
                .unit(6, SunSpecImage.at(40_000).model(SimulatedInverter.common())
                        .model(SimulatedInverter.measurements().length(48)).model(SimulatedInverter.controls()))
                .unitWithoutEndMarker(7, SunSpecImage.at(40_000).model(SimulatedInverter.common())
                        .model(SimulatedInverter.measurements()))
                .unit(8, SimulatedInverter.at(40_000))
                .unit(9, SimulatedInverter.at(40_000))
                .start();
    }

    @AfterAll
    static void stopDevices() {
        server.close();
    }

    @AfterEach
    void stopRig() {
        rig.close();
    }

    @ParameterizedTest(name = "SunS at {1}")
    @CsvSource({"1, 40000", "2, 0", "3, 50000"})
    void theDeviceIsFoundAtEachBaseAddressAndItsModelsAreDecodedIntoTelemetry(int unit, int base) throws Exception {
        List<Received> received = rig.poll(server.port(), unit, "");

        Received telemetry = firstTelemetry(received);
        assertThat(telemetry.headers()).containsEntry(SunSpecConstants.BASE_ADDRESS, base)
                .containsEntry(SunSpecConstants.MODELS, List.of(1, 103, 123));
        assertThat(number(telemetry, "power_w")).isEqualTo(1234.0);
        assertThat(number(telemetry, "voltage_an_v")).isEqualTo(230.1);
        assertThat(number(telemetry, "frequency_hz")).isEqualTo(50.0);
        assertThat(telemetry.body()).containsEntry("operating_state", "MPPT");
        assertThat(number(telemetry, "power_limit_pct")).isEqualTo(100.0);
    }

    @ParameterizedTest(name = "model 1 of length {1}")
    @CsvSource({"4, 65", "1, 66"})
    void theIdentityComesFromModel1OfEitherLength(int unit, int length) throws Exception {
        List<Received> received = rig.poll(server.port(), unit, "");

        assertThat(firstTelemetry(received).headers().get(SunSpecConstants.IDENTITY)).isEqualTo(Map.of(
                "manufacturer", SimulatedInverter.MANUFACTURER, "model", SimulatedInverter.MODEL,
                "serialNumber", SimulatedInverter.SERIAL_NUMBER, "version", SimulatedInverter.VERSION));
    }

    @Test
    void anUnknownModelIsReportedAsAnEventAndTheModelsAfterItAreStillRead() throws Exception {
        List<Received> received = rig.poll(server.port(), 5, "");

        assertThat(number(firstTelemetry(received), "power_w")).isEqualTo(1234.0);
        assertThat(events(received)).anySatisfy(event -> {
            assertThat(event.get("type")).isEqualTo("sunspec.unknown_model");
            assertThat(event.get("data")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("modelId", UNKNOWN_MODEL);
        });
    }

    @Test
    void aProblemReportedAsAnEventIsCounted() throws Exception {
        List<Received> received = rig.poll(server.port(), 5, "");

        await().atMost(WAIT).until(() -> !events(received).isEmpty());
        assertThat(rig.component.stats().get(SunSpecStats.Count.PROBLEMS)).isEqualTo(events(received).size());
    }

    @Test
    void aModelOfTheWrongLengthIsReportedAsAnEventAndTheOthersAreStillRead() throws Exception {
        List<Received> received = rig.poll(server.port(), 6, "");

        Received telemetry = firstTelemetry(received);
        assertThat(number(telemetry, "power_limit_pct")).isEqualTo(100.0);
        assertThat(telemetry.body()).doesNotContainKey("power_w");
        assertThat(events(received)).anySatisfy(event -> assertThat(event.get("type"))
                .isEqualTo("sunspec.wrong_length"));
    }

    @Test
    void aChainWithoutEndMarkerIsReportedAsAnEventAndItsModelsAreStillRead() throws Exception {
        List<Received> received = rig.poll(server.port(), 7, "");

        assertThat(number(firstTelemetry(received), "power_w")).isEqualTo(1234.0);
        assertThat(events(received)).anySatisfy(event -> assertThat(event.get("type"))
                .isEqualTo("sunspec.no_end_marker"));
    }

    @Test
    void aControlWriteIsScaledWrittenAndConfirmedByReadingTheModelBack() throws Exception {
        List<Received> received = rig.poll(server.port(), 8, "");
        firstTelemetry(received);

        Map<?, ?> result = rig.producer().requestBody(SunSpecRig.uri(server.port(), 8),
                Map.of("model", 123, "point", "WMaxLimPct", "value", 75), Map.class);

        assertThat(result.get("confirmed")).isEqualTo(true);
        assertThat(((Number) result.get("value")).doubleValue()).isEqualTo(75.0);
        await().atMost(WAIT).until(() -> number(received.get(received.size() - 1), "power_limit_pct") == 75.0);
    }

    @Test
    void aWriteOfAReadOnlyPointIsRefusedWithTheReason() {
        assertThatThrownBy(() -> rig.producer().requestBody(SunSpecRig.uri(server.port(), 9),
                Map.of("model", 123, "point", "WMaxLimPct_SF", "value", 0)))
                .isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOfSatisfying(SunSpecControlException.class, e -> {
                    assertThat(e.code()).isEqualTo("BAD_REQUEST");
                    assertThat(e.getMessage()).contains("read-only");
                });
        assertThat(rig.component.stats().get(SunSpecStats.Count.FAILED_WRITES)).isEqualTo(1);
    }

    @Test
    void aDeviceThatDoesNotAnswerAtFirstIsReportedOfflineAndDiscoveredOnceItAnswers() throws Exception {
        try (PymodbusServer late = new SunSpecSimulator().unit(1, SimulatedInverter.at(40_000)).start()) {
            late.kill();
            List<Received> received = rig.poll(late.port(), 1, "&requestTimeout=300ms&connectTimeout=300ms");
            await().atMost(WAIT).until(() -> SunSpecRig.of(received, SunSpecConstants.KIND_STATUS).stream()
                    .anyMatch(status -> "offline".equals(status.body().get("state"))));

            late.restart();

            assertThat(number(firstTelemetry(received), "power_w")).isEqualTo(1234.0);
        }
    }

    private static Received firstTelemetry(List<Received> received) {
        return await().atMost(WAIT).until(() -> SunSpecRig.of(received, SunSpecConstants.KIND_TELEMETRY).stream()
                .findFirst().orElse(null), r -> r != null);
    }

    private static List<Map<String, Object>> events(List<Received> received) {
        return SunSpecRig.of(received, SunSpecConstants.KIND_EVENT).stream().map(Received::body).toList();
    }

    private static double number(Received message, String key) {
        Object value = message.body().get(key);
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
