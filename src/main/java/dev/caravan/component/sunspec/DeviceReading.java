package dev.caravan.component.sunspec;

import java.util.List;
import java.util.Optional;

/** The models read from a device in chain order, and the models that could not be read or decoded. */
public record DeviceReading(List<DecodedModel> models, List<DiscoveryEvent> events) {

    public DeviceReading {
        models = List.copyOf(models);
        events = List.copyOf(events);
    }

    /** The first model of that id, if it was read. */
    public Optional<DecodedModel> model(int id) {
        return models.stream().filter(model -> model.id() == id).findFirst();
    }
}
