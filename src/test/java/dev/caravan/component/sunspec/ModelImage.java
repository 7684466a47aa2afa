package dev.caravan.component.sunspec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Test side: the registers of one model as a device serves them, laid out from a model definition (normally the
 * official one). Points not set hold their type's "not implemented" value; ID and L are filled in. Points of group
 * instances are named {@code group[n].point}, n from 1 ({@code module[2].DCW}, {@code Crv[1].Pt[3].V}).
 */
final class ModelImage {

    private final ModelDefinition definition;
    private final Map<String, Object> values = new HashMap<>();
    private final Map<String, Integer> repeats = new HashMap<>();
    private Integer declaredLength;

    private ModelImage(ModelDefinition definition) {
        this.definition = definition;
    }

    static ModelImage of(ModelDefinition definition) {
        return new ModelImage(definition);
    }

    ModelImage set(String point, Object value) {
        values.put(point, value);
        return this;
    }

    /** How often a group that fills the model (count 0, model 160's modules) is there. */
    ModelImage repeat(String group, int count) {
        repeats.put(group, count);
        return this;
    }

    /** The length L the model declares; its registers are cut or padded with zeros to it. */
    ModelImage length(int length) {
        declaredLength = length;
        return this;
    }

    /** Where a point of the top group is, from the ID register. */
    int offsetOf(String point) {
        int offset = 0;
        for (PointDefinition p : definition.group().points()) {
            if (p.name().equals(point)) {
                return offset;
            }
            offset += p.size();
        }
        throw new IllegalArgumentException("model " + definition.id() + " has no point " + point);
    }

    int id() {
        return definition.id();
    }

    /** From the ID register to the end of the model. */
    short[] registers() {
        List<Short> registers = new ArrayList<>();
        Set<String> written = new HashSet<>();
        layOut(definition.group(), "", registers, written);
        Set<String> unused = new HashSet<>(values.keySet());
        unused.removeAll(written);
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("model " + definition.id() + " has no points " + unused);
        }
        int length = declaredLength != null ? declaredLength : registers.size() - ModelDefinition.HEADER;
        short[] image = new short[length + ModelDefinition.HEADER];
        for (int i = 0; i < Math.min(image.length, registers.size()); i++) {
            image[i] = registers.get(i);
        }
        image[0] = (short) definition.id();
        image[1] = (short) length;
        return image;
    }

    private void layOut(GroupDefinition group, String prefix, List<Short> registers, Set<String> written) {
        for (PointDefinition point : group.points()) {
            String path = prefix + point.name();
            short[] words = values.containsKey(path) ? PointEncoder.encode(point, values.get(path))
                    : PointEncoder.notImplemented(point);
            written.add(path);
            for (short word : words) {
                registers.add(word);
            }
        }
        for (GroupDefinition child : group.groups()) {
            int count = count(child, prefix);
            for (int n = 1; n <= count; n++) {
                layOut(child, prefix + child.name() + "[" + n + "].", registers, written);
            }
        }
    }

    private int count(GroupDefinition group, String prefix) {
        GroupCount count = group.count();
        if (count.fromPoint()) {
            // the counting point is in this or an enclosing instance: the nearest first
            String scope = prefix;
            while (!(values.get(scope + count.point()) instanceof Number)) {
                if (scope.isEmpty()) {
                    throw new IllegalArgumentException("set " + count.point() + " to lay out group " + group.name());
                }
                int cut = scope.lastIndexOf("].", scope.length() - 3);
                scope = cut < 0 ? "" : scope.substring(0, cut + 2);
            }
            return ((Number) values.get(scope + count.point())).intValue();
        }
        return count.fillsTheModel() ? repeats.getOrDefault(group.name(), 0) : count.fixed();
    }
}
