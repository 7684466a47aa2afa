package dev.caravan.component.sunspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which model definitions a hub uses: the shipped ones, with the files of the models folder added or preferred. */
class SunSpecModelsTest {

    @TempDir
    Path folder;

    @Test
    void theShippedDefinitionsComeFromTheClassPath() {
        SunSpecModels models = SunSpecModels.load(folder);

        assertThat(models.ids()).containsAll(SunSpecFiles.SHIPPED_IDS);
        assertThat(models.origin(103)).isEqualTo("classpath:sunspec/models/model_103.json");
    }

    @Test
    void aFileInTheFolderReplacesTheShippedDefinitionOfItsModel() throws IOException {
        String shipped = Files.readString(SunSpecFiles.SHIPPED.resolve("model_103.json"));
        Files.writeString(folder.resolve("model_103.json"), shipped.replace("\"units\": \"Hz\"", "\"units\": \"mHz\""));

        SunSpecModels models = SunSpecModels.load(folder);

        assertThat(models.origin(103)).isEqualTo(folder.resolve("model_103.json").toString());
        assertThat(models.get(103).group().points()).filteredOn(point -> point.name().equals("Hz"))
                .extracting(PointDefinition::units).containsExactly("mHz");
    }

    @Test
    void aFileInTheFolderAddsAModelThatIsNotShipped() throws IOException {
        Files.copy(SunSpecFiles.official().resolve("model_64001.json"), folder.resolve("model_64001.json"));

        assertThat(SunSpecModels.load(folder).find(64001)).isPresent();
    }

    @Test
    void everyOfficialDefinitionCanBeRead() {
        SunSpecModels official = SunSpecModels.fromFolder(SunSpecFiles.official());

        assertThat(official.ids()).hasSizeGreaterThan(100).containsAll(SunSpecFiles.SHIPPED_IDS);
    }

    @Test
    void filesThatAreNotModelDefinitionsAreIgnored() throws IOException {
        Files.writeString(folder.resolve("README.md"), "# my models");
        Files.writeString(folder.resolve("schema.json"), "{}");

        assertThat(SunSpecModels.fromFolder(folder).ids()).isEmpty();
    }

    @Test
    void aFileWhoseIdDiffersFromItsNameIsRefused() throws IOException {
        Files.copy(SunSpecFiles.SHIPPED.resolve("model_101.json"), folder.resolve("model_102.json"));

        assertThatThrownBy(() -> SunSpecModels.fromFolder(folder))
                .isInstanceOf(InvalidModelDefinitionException.class)
                .hasMessageContaining("model_102.json").hasMessageContaining("defines model 101");
    }

    @Test
    void aMissingFolderIsAClearError() {
        assertThatThrownBy(() -> SunSpecModels.fromFolder(folder.resolve("nowhere")))
                .hasMessageContaining("no folder of SunSpec model definitions").hasMessageContaining("nowhere");
    }

    @Test
    void askingForAnUnknownModelNamesTheKnownOnes() {
        assertThatThrownBy(() -> SunSpecModels.load(null).get(999))
                .hasMessageContaining("no definition of SunSpec model 999").hasMessageContaining("103");
    }
}
