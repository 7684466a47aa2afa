package dev.caravan.component.sunspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The model definitions shipped in {@code adapters/sunspec/models} against the official ones: every point has the
 * official name, place, offset, type, size, scale-factor reference, units and the other facts, and no descriptive
 * text of the specification is copied. Reads the JSON trees directly, not through the project's parser, so that a
 * parser mistake cannot hide a wrong file.
 */
class SunSpecModelDefinitionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TEXT_FIELDS = Set.of("label", "desc", "detail", "notes", "comments");

    /** One point as the comparison sees it: where it is and its facts. */
    record Row(String group, int offset, String name, String type, int size, String sf, String units,
            String access, String mandatory, String statik, String count, String value, String symbols) {

        String where() {
            return group + "." + name + " (offset " + offset + " in its group)";
        }
    }

    @Test
    void everyRequiredModelIsShipped() {
        List<Integer> missing = SunSpecFiles.SHIPPED_IDS.stream()
                .filter(id -> !Files.isRegularFile(SunSpecFiles.SHIPPED.resolve("model_" + id + ".json"))).toList();
        assertThat(missing).as("models missing in %s", SunSpecFiles.SHIPPED).isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> everyShippedModelHasTheOfficialPoints() throws IOException {
        return shippedFiles().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            Path official = SunSpecFiles.official().resolve(file.getFileName());
            assertThat(official).as("the official definition of %s", file.getFileName()).isRegularFile();
            compare(file.getFileName().toString(), rows(JSON.readTree(file.toFile())),
                    rows(JSON.readTree(official.toFile())));
        }));
    }

    @TestFactory
    Stream<DynamicTest> noShippedModelCarriesTheSpecificationsText() throws IOException {
        return shippedFiles().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            List<String> copied = new ArrayList<>();
            collectTextFields(JSON.readTree(file.toFile()), "", copied);
            assertThat(copied).as("descriptive text in %s", file.getFileName()).isEmpty();
        }));
    }

    @Test
    void theIdOfEveryShippedModelMatchesItsFileName() throws IOException {
        try (Stream<Path> files = shippedFiles()) {
            for (Path file : files.toList()) {
                assertThat("model_" + JSON.readTree(file.toFile()).path("id").asInt() + ".json")
                        .isEqualTo(file.getFileName().toString());
            }
        }
    }

    private static void compare(String model, List<Row> ours, List<Row> official) {
        for (int i = 0; i < Math.max(ours.size(), official.size()); i++) {
            if (i >= ours.size()) {
                fail("%s: the official %s is missing in ours", model, official.get(i).where());
            }
            if (i >= official.size()) {
                fail("%s: our %s is not in the official definition", model, ours.get(i).where());
            }
            Row mine = ours.get(i);
            Row theirs = official.get(i);
            if (!mine.equals(theirs)) {
                fail("%s: point %d, %s, differs%n  ours:     %s%n  official: %s", model, i, theirs.where(), mine,
                        theirs);
            }
        }
    }

    /** The points in file order, depth first: a group's points, then its groups. */
    private static List<Row> rows(JsonNode model) {
        List<Row> rows = new ArrayList<>();
        addRows(model.path("group"), "", rows);
        return rows;
    }

    private static void addRows(JsonNode group, String parent, List<Row> rows) {
        String path = parent.isEmpty() ? group.path("name").asText() : parent + "." + group.path("name").asText();
        int offset = 0;
        for (JsonNode point : group.path("points")) {
            rows.add(new Row(path + "[count " + text(group, "count") + "]", offset, text(point, "name"),
                    text(point, "type"), point.path("size").asInt(), text(point, "sf"), text(point, "units"),
                    text(point, "access"), text(point, "mandatory"), text(point, "static"), text(point, "count"),
                    text(point, "value"), symbols(point)));
            offset += point.path("size").asInt();
        }
        for (JsonNode child : group.path("groups")) {
            addRows(child, path, rows);
        }
    }

    private static String symbols(JsonNode point) {
        List<String> symbols = new ArrayList<>();
        point.path("symbols").forEach(symbol -> symbols.add(text(symbol, "name") + "=" + text(symbol, "value")));
        return String.join(",", symbols);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : Objects.toString(value.asText());
    }

    private static void collectTextFields(JsonNode node, String path, List<String> found) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (TEXT_FIELDS.contains(field.getKey())) {
                    found.add(path + "/" + field.getKey());
                }
                collectTextFields(field.getValue(), path + "/" + field.getKey(), found);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectTextFields(node.get(i), path + "/" + i, found);
            }
        }
    }

    private static Stream<Path> shippedFiles() throws IOException {
        return Files.list(SunSpecFiles.SHIPPED).filter(file -> file.getFileName().toString().matches("model_\\d+\\.json"))
                .sorted();
    }
}
