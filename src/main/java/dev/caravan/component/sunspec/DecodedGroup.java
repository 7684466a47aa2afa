package dev.caravan.component.sunspec;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One instance of a group as read from a device: the values of its points in definition order (points whose value is
 * "not implemented" are left out), and the instances of its child groups by group name.
 *
 * <p>Values: Long for unscaled integers, BigDecimal for scaled ones, Double for floats, String for strings,
 * addresses and enum symbols (Long for an enum value without a symbol), a list of symbol names for bitfields.
 */
public record DecodedGroup(String name, Map<String, Object> values, Map<String, List<DecodedGroup>> groups) {

    public DecodedGroup {
        values = Collections.unmodifiableMap(values);
        groups = Collections.unmodifiableMap(groups);
    }

    /** The point's value, null when it is absent (not implemented or not in the model). */
    public Object value(String point) {
        return values.get(point);
    }

    public List<DecodedGroup> instances(String group) {
        return groups.getOrDefault(group, List.of());
    }
}
