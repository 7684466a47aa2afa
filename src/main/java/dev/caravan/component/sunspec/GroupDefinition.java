package dev.caravan.component.sunspec;

import java.util.List;

/** A group of a model definition: its points, then its child groups, repeated as its count says. */
public record GroupDefinition(String name, GroupCount count, List<PointDefinition> points,
        List<GroupDefinition> groups) {

    public GroupDefinition {
        points = List.copyOf(points);
        groups = List.copyOf(groups);
    }

    /** The registers of this group's own points, without its child groups. */
    public int pointsLength() {
        return points.stream().mapToInt(PointDefinition::size).sum();
    }

    /**
     * The registers of one instance when nothing in it repeats by a point's value or the model's length; -1
     * otherwise.
     */
    public int fixedInstanceLength() {
        int length = pointsLength();
        for (GroupDefinition child : groups) {
            int childLength = child.fixedInstanceLength();
            if (childLength < 0 || child.count().fromPoint() || child.count().fillsTheModel()) {
                return -1;
            }
            length += childLength * child.count().fixed();
        }
        return length;
    }
}
