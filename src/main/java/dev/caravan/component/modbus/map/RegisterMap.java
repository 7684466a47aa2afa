package dev.caravan.component.modbus.map;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A device type's register map (a profile of {@code adapters/modbus/}): its poll groups and points.
 *
 * @param maxGap registers (or bits) that may be read and thrown away to merge two reads into one
 */
public record RegisterMap(String id, String manufacturer, String model, int maxGap,
                          Map<String, PollGroup> groups, List<Point> points) {

    public RegisterMap {
        groups = Map.copyOf(groups);
        points = List.copyOf(points);
    }

    public Optional<Point> point(String name) {
        return points.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The points of each group, groups in a stable order. */
    public Map<PollGroup, List<Point>> pointsByGroup() {
        Map<PollGroup, List<Point>> byGroup = new LinkedHashMap<>();
        groups.values().stream().sorted(java.util.Comparator.comparing(PollGroup::name)).forEach(g ->
                byGroup.put(g, points.stream().filter(p -> p.group().equals(g.name())).toList()));
        byGroup.values().removeIf(List::isEmpty);
        return byGroup;
    }
}
