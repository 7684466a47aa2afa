package dev.caravan.component.sunspec;

/**
 * Test side: the official SunSpec definitions, the ones register images are built from, so that the project's
 * decoding is checked against the specification and not against itself.
 */
final class OfficialModels {

    private static SunSpecModels official;

    private OfficialModels() {
    }

    static synchronized ModelDefinition get(int id) {
        if (official == null) {
            official = SunSpecModels.fromFolder(SunSpecFiles.official());
        }
        return official.get(id);
    }

    static ModelImage image(int id) {
        return ModelImage.of(get(id));
    }
}
