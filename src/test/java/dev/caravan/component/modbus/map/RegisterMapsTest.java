package dev.caravan.component.modbus.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The YAML format of register maps, and the profiles shipped in adapters/modbus. */
class RegisterMapsTest {

    static Stream<String> shippedProfiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("adapters/modbus"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("shippedProfiles")
    void everyShippedProfileLoadsAndPlansReadsWithinTheProtocolLimits(String id) {
        RegisterMap map = new RegisterMaps(Path.of("adapters/modbus")).get(id);

        assertThat(map.points()).isNotEmpty();
        map.pointsByGroup().values().forEach(points -> assertThat(ReadPlanner.plan(points, map.maxGap()))
                .allSatisfy(b -> assertThat(b.count()).isLessThanOrEqualTo(b.table().maxPerRead())));
    }

    @Test
    void theSdm630ReadsItsPowerValuesAsFloat32InputRegisters() {
        RegisterMap sdm630 = new RegisterMaps(Path.of("adapters/modbus")).get("eastron-sdm630");

        assertThat(sdm630.point("power")).get().satisfies(p -> {
            assertThat(p.table()).isEqualTo(Table.INPUT);
            assertThat(p.address()).isEqualTo(52);
            assertThat(p.type()).isEqualTo(DataType.FLOAT32);
            assertThat(p.unit()).isEqualTo("W");
        });
        assertThat(sdm630.groups().get("power").interval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void defaultsApplyToEveryPointAndHexAddressesAreRead() throws IOException {
        RegisterMap map = parse("""
                defaults: {table: input, type: float32, wordOrder: little}
                groups: {fast: {interval: 500ms, report: every-poll}}
                points:
                  - {name: a, address: 0x10}
                  - {name: b, address: 2, table: holding, type: int16, scale: 0.1}
                """);

        assertThat(map.point("a")).get().satisfies(p -> {
            assertThat(p.address()).isEqualTo(16);
            assertThat(p.table()).isEqualTo(Table.INPUT);
            assertThat(p.wordOrder()).isEqualTo(Endian.LITTLE);
            assertThat(p.group()).isEqualTo("fast");
        });
        assertThat(map.point("b")).get().satisfies(p -> assertThat(p.scale()).isEqualTo(0.1));
        assertThat(map.groups().get("fast").report()).isEqualTo(Report.EVERY_POLL);
    }

    @Test
    void anUnknownTypeIsNamedWithItsPoint() {
        assertThatThrownBy(() -> parse("points: [{name: a, address: 0, type: float16}]"))
                .hasMessageContaining("point 'a': type 'float16': one of bit, int16");
    }

    @Test
    void aMisspelledFieldIsRefused() {
        assertThatThrownBy(() -> parse("points: [{name: a, address: 0, sacle: 0.1}]"))
                .hasMessageContaining("point 'a': unknown field 'sacle'");
    }

    @Test
    void anInputRegisterCannotBeWritable() {
        assertThatThrownBy(() -> parse("points: [{name: a, table: input, address: 0, writable: true}]"))
                .hasMessageContaining("point 'a': writable: only coils and whole holding registers");
    }

    @Test
    void aPointOfAnUndeclaredGroupIsRefused() {
        assertThatThrownBy(() -> parse("""
                groups: {fast: {interval: 1s}}
                points: [{name: a, address: 0, group: slow}]
                """)).hasMessageContaining("point 'a': group 'slow' is not among [fast]");
    }

    @Test
    void aNameUsedTwiceIsRefused() {
        assertThatThrownBy(() -> parse("points: [{name: a, address: 0}, {name: a, address: 1}]"))
                .hasMessageContaining("point 'a': the name is used twice");
    }

    @Test
    void anUnknownProfileNamesTheFileItLookedFor() {
        assertThatThrownBy(() -> new RegisterMaps(Path.of("adapters/modbus")).get("no-such-meter"))
                .hasMessageContaining("profile 'no-such-meter': no file").hasMessageContaining("no-such-meter.yaml");
    }

    private static RegisterMap parse(String yaml) throws IOException {
        return RegisterMaps.parse("test", "test.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }
}
