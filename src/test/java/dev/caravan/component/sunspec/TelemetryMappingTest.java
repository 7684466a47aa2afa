package dev.caravan.component.sunspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The mapping file: the shipped one fits the shipped models, and a bad one gets a clear error. */
class TelemetryMappingTest {

    private static TelemetryMapping parse(String yaml) {
        return TelemetryMapping.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "m.yaml");
    }

    @Test
    void theShippedMappingNamesOnlyPointsOfTheShippedModels() {
        TelemetryMapping mapping = TelemetryMapping.load(SunSpecFiles.REPO.resolve(TelemetryMapping.DEFAULT_FILE));

        assertThat(mapping.pointsMissingIn(SunSpecModels.load(null))).isEmpty();
    }

    @Test
    void theShippedMappingCoversTheInverterMeterStorageAndDerModels() {
        TelemetryMapping mapping = TelemetryMapping.load(SunSpecFiles.REPO.resolve(TelemetryMapping.DEFAULT_FILE));

        assertThat(mapping.modelIds()).contains(101, 102, 103, 111, 112, 113, 124, 160, 201, 202, 203, 204, 701);
    }

    @Test
    void withoutTheFileTheMappingInTheJarIsUsed() {
        TelemetryMapping mapping = TelemetryMapping.load(SunSpecFiles.REPO.resolve("no/such/mapping.yaml"));

        assertThat(mapping.forModel(103)).isPresent();
    }

    @Test
    void aPointMissingInTheDefinitionIsFound() {
        TelemetryMapping mapping = parse("models: {103: {points: {Watts: power_w}}}");

        assertThat(mapping.pointsMissingIn(SunSpecModels.load(null)))
                .containsExactly("model 103: point inverter_three_phase.Watts");
    }

    @Test
    void aKeyThatIsNotATelemetryKeyIsRefused() {
        assertThatThrownBy(() -> parse("models: {103: {points: {W: 'power w'}}}"))
                .hasMessage("m.yaml: models.103.points.W: 'power w' is not a telemetry key (letters, digits, _;"
                        + " not starting with a digit)");
    }

    @Test
    void aRepeatingGroupsPrefixMustNameTheInstance() {
        assertThatThrownBy(() -> parse("models: {160: {groups: {module: {prefix: mppt_, points: {DCW: p}}}}}"))
                .hasMessageContaining("models.160.groups.module.prefix 'mppt_' must contain {n}");
    }

    @Test
    void anUnknownFieldIsRefused() {
        assertThatThrownBy(() -> parse("models: {103: {point: {W: power_w}}}"))
                .hasMessageContaining("models.103.point is not a field");
    }

    @Test
    void aModelKeyThatIsNotAnIdIsRefused() {
        assertThatThrownBy(() -> parse("models: {inverter: {points: {W: power_w}}}"))
                .hasMessage("m.yaml: models.inverter is not a model id");
    }
}
