package dev.caravan.component.sunspec;

import java.util.Map;

/** A model read from a device: its id, its definition's name, the address of its header and its values. */
public record DecodedModel(int id, String name, int address, DecodedGroup group) {

    /** A point of the model's top group, null when absent. */
    public Object value(String point) {
        return group.value(point);
    }

    /** The values of the model's top group, in definition order. */
    public Map<String, Object> values() {
        return group.values();
    }
}
