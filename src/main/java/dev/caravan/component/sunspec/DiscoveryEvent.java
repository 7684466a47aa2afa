package dev.caravan.component.sunspec;

/**
 * Something a walk over a device's SunSpec models ran into: what it is, where, and a message for people.
 *
 * @param modelId the model concerned, null when none is
 */
public record DiscoveryEvent(Kind kind, int address, Integer modelId, String message) {

    public enum Kind {
        /** No {@code SunS} marker at any of the base addresses. */
        NOT_SUNSPEC,
        /** A model id without a definition; skipped by its length. */
        UNKNOWN_MODEL,
        /** A model whose length does not fit its definition; skipped by its length. */
        WRONG_LENGTH,
        /** The chain stops without the end marker. */
        NO_END_MARKER,
        /** The device refused or failed a read. */
        READ_ERROR,
        /** A model's registers do not fit its definition. */
        DECODE_ERROR
    }
}
