package dev.caravan.component.sunspec;

/** A model found on a device: where its header is, its length L (registers after ID and L) and its definition. */
public record ModelLocation(ModelDefinition definition, int address, int length) {

    public int id() {
        return definition.id();
    }
}
