package dev.caravan.component.sunspec;

/**
 * Test side: decodes a model image with the project's definition of the model when it ships one, otherwise with
 * the official one (as a user who dropped it in would).
 */
final class Decoding {

    static final int ADDRESS = 40002;
    private static final SunSpecModels SHIPPED = SunSpecModels.load(null);

    private Decoding() {
    }

    static DecodedModel decode(ModelImage image) {
        return ModelDecoder.decode(definition(image.id()), image.registers(), ADDRESS);
    }

    static ModelDefinition definition(int id) {
        return SHIPPED.find(id).orElseGet(() -> OfficialModels.get(id));
    }
}
