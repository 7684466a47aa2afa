package dev.caravan.component.sunspec;

import java.util.List;
import java.util.OptionalInt;

/**
 * What a device offers: the base address where {@code SunS} was found (empty when none), the models with a
 * definition in chain order, what went wrong on the way, and whether the chain reached its end marker.
 */
public record DiscoveryResult(OptionalInt baseAddress, List<ModelLocation> models, List<DiscoveryEvent> events,
        boolean complete) {

    public DiscoveryResult {
        models = List.copyOf(models);
        events = List.copyOf(events);
    }

    public List<Integer> modelIds() {
        return models.stream().map(ModelLocation::id).toList();
    }
}
