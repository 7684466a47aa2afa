package dev.caravan.component.sunspec;

import java.util.List;
import java.util.Optional;

/**
 * A SunSpec model definition: its id and its top group, whose first two points are the model's {@code ID} and
 * {@code L} (the length: the registers after these two).
 */
public record ModelDefinition(int id, GroupDefinition group) {

    /** The registers of the model header: ID and L. */
    public static final int HEADER = 2;

    public String name() {
        return group.name();
    }

    /**
     * Why a model of this id cannot have the given length L, or empty when it can. A model may end early only by
     * leaving out trailing pad points (model 1 of length 65 instead of 66); a group repeated to fill the model must
     * fit a whole number of times; groups counted by a point are checked when the model is decoded.
     */
    public Optional<String> lengthProblem(int length) {
        int registers = length + HEADER;
        int ownPoints = group.pointsLength();
        List<GroupDefinition> children = group.groups();
        if (children.stream().anyMatch(child -> child.count().fromPoint() || child.fixedInstanceLength() < 0)) {
            return registers >= ownPoints ? Optional.empty()
                    : problem(length, "at least " + (ownPoints - HEADER));
        }
        GroupDefinition filling = children.stream().filter(child -> child.count().fillsTheModel()).findFirst()
                .orElse(null);
        int fixed = ownPoints + children.stream().filter(child -> child != filling)
                .mapToInt(child -> child.fixedInstanceLength() * child.count().fixed()).sum();
        if (filling != null) {
            int each = filling.fixedInstanceLength();
            boolean fits = registers >= fixed && each > 0 && (registers - fixed) % each == 0;
            return fits ? Optional.empty()
                    : problem(length, (fixed - HEADER) + " plus a multiple of " + each + " (" + filling.name() + ")");
        }
        if (registers == fixed || (children.isEmpty() && registers < fixed && onlyPadFrom(registers))) {
            return Optional.empty();
        }
        return problem(length, String.valueOf(fixed - HEADER));
    }

    private boolean onlyPadFrom(int offset) {
        int position = 0;
        for (PointDefinition point : group.points()) {
            if (position + point.size() > offset && point.type() != PointType.PAD) {
                return false;
            }
            position += point.size();
        }
        return true;
    }

    private Optional<String> problem(int length, String expected) {
        return Optional.of("model " + id + " (" + name() + ") has length " + length + ", its definition says "
                + expected);
    }
}
