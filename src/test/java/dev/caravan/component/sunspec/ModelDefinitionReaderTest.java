package dev.caravan.component.sunspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Reading one definition in the SunSpec JSON model format, and the clear errors a bad one gets. */
class ModelDefinitionReaderTest {

    private static final String HEADER = """
            {"name": "ID", "type": "uint16", "size": 1, "value": 64100}, {"name": "L", "type": "uint16", "size": 1}""";

    private static ModelDefinition read(String json) {
        return ModelDefinitionReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
    }

    private static String model(String points, String groups) {
        return "{\"id\": 64100, \"group\": {\"name\": \"m\", \"type\": \"group\", \"points\": [" + HEADER
                + (points.isEmpty() ? "" : ", " + points) + "], \"groups\": [" + groups + "]}}";
    }

    @Test
    void readsPointsWithTheirFacts() {
        ModelDefinition model = read(model("""
                {"name": "W", "type": "int16", "size": 1, "sf": "W_SF", "units": "W", "access": "RW", "mandatory": "M"},
                {"name": "W_SF", "type": "sunssf", "size": 1, "static": "S"},
                {"name": "St", "type": "enum16", "size": 1, "symbols": [{"name": "OFF", "value": 1}]}""", ""));

        assertThat(model.id()).isEqualTo(64100);
        assertThat(model.group().points().get(2)).isEqualTo(new PointDefinition("W", PointType.INT16, 1, "W_SF", "W",
                true, true, false, List.of(), null));
        assertThat(model.group().points().get(3).constant()).isTrue();
        assertThat(model.group().points().get(4).symbolOf(1)).contains("OFF");
    }

    @Test
    void readsRepeatingGroupsCountedByAPointOfAnEnclosingGroup() {
        ModelDefinition model = read(model("{\"name\": \"N\", \"type\": \"count\", \"size\": 1}",
                "{\"name\": \"module\", \"type\": \"group\", \"count\": \"N\", \"points\": []}"));

        assertThat(model.group().groups().get(0).count()).isEqualTo(GroupCount.fromPoint("N"));
    }

    @Test
    void aScaleFactorMayBeANumber() {
        ModelDefinition model = read(model("{\"name\": \"V\", \"type\": \"uint16\", \"size\": 1, \"sf\": -2}", ""));

        assertThat(model.group().points().get(2).fixedScaleFactor()).contains(-2);
    }

    @Test
    void anUnknownTypeIsNamedWithItsPlace() {
        assertThatThrownBy(() -> read(model("{\"name\": \"X\", \"type\": \"int24\", \"size\": 1}", "")))
                .isInstanceOf(InvalidModelDefinitionException.class)
                .hasMessageContaining("test.json: group.points[2].type unknown point type 'int24'");
    }

    @Test
    void aSizeThatDoesNotFitTheTypeIsRefused() {
        assertThatThrownBy(() -> read(model("{\"name\": \"X\", \"type\": \"int32\", \"size\": 1}", "")))
                .hasMessageContaining("group.points[2].size a int32 takes 2 registers, not 1");
    }

    @Test
    void aScaleFactorNamingNoSunssfPointIsRefused() {
        assertThatThrownBy(() -> read(model("{\"name\": \"X\", \"type\": \"int16\", \"size\": 1, \"sf\": \"X_SF\"}",
                ""))).hasMessageContaining("group.points[2].sf 'X_SF' is not a sunssf point");
    }

    @Test
    void aCountNamingNoPointIsRefused() {
        assertThatThrownBy(() -> read(model("",
                "{\"name\": \"module\", \"type\": \"group\", \"count\": \"N\", \"points\": []}")))
                .hasMessageContaining("group.groups[0].count names point 'N'");
    }

    @Test
    void aModelMustStartWithIdAndLength() {
        assertThatThrownBy(() -> read("{\"id\": 5, \"group\": {\"name\": \"m\", \"type\": \"group\", \"points\": []}}"))
                .hasMessageContaining("the first two points must be ID and L");
    }

    @Test
    void textThatIsNotJsonIsRefused() {
        assertThatThrownBy(() -> read("model 1")).hasMessageStartingWith("test.json: not JSON");
    }

    @Test
    void aMissingIdIsRefused() {
        assertThatThrownBy(() -> read("{\"group\": {}}")).hasMessageContaining("id must be a model id");
    }
}
