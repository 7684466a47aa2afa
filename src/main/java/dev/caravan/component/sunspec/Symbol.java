package dev.caravan.component.sunspec;

/** A named value of an enum point, or a named bit (by its number) of a bitfield point. */
public record Symbol(String name, long value) {
}
