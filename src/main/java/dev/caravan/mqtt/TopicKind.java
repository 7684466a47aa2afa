package dev.caravan.mqtt;

import java.util.Locale;
import java.util.Optional;

/** The canonical device topics {@code device/{id}/<kind>}, with their direction. */
public enum TopicKind {
    COMMAND(false),
    RESPONSE(true),
    STATUS(true),
    TELEMETRY(true),
    CONFIG(false),
    EVENT(true);

    private final boolean inbound;

    TopicKind(boolean inbound) {
        this.inbound = inbound;
    }

    /** Sent by devices to the hub. */
    public boolean isInbound() {
        return inbound;
    }

    public String segment() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TopicKind> fromSegment(String segment) {
        for (TopicKind kind : values()) {
            if (kind.segment().equals(segment)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
