package dev.caravan.component.sunspec;

import java.util.List;
import java.util.Optional;

/**
 * One point of a model definition.
 *
 * @param size registers taken
 * @param scaleFactor the name of a {@code sunssf} point in the same or an enclosing group, or a number (as text);
 *        null: not scaled
 * @param units null when the point has none
 * @param writable access {@code RW}
 * @param value the fixed value the specification gives the point (a model's {@code ID}), null if none
 */
public record PointDefinition(String name, PointType type, int size, String scaleFactor, String units,
        boolean writable, boolean mandatory, boolean constant, List<Symbol> symbols, Long value) {

    public PointDefinition {
        symbols = List.copyOf(symbols);
    }

    /** The fixed scale factor when the definition gives a number instead of a point name. */
    public Optional<Integer> fixedScaleFactor() {
        return scaleFactor != null && scaleFactor.matches("-?\\d+") ? Optional.of(Integer.parseInt(scaleFactor))
                : Optional.empty();
    }

    /** The name of the {@code sunssf} point that scales this one, if the scale factor is a reference. */
    public Optional<String> scaleFactorPoint() {
        return scaleFactor == null || fixedScaleFactor().isPresent() ? Optional.empty() : Optional.of(scaleFactor);
    }

    public Optional<String> symbolOf(long raw) {
        return symbols.stream().filter(symbol -> symbol.value() == raw).map(Symbol::name).findFirst();
    }
}
