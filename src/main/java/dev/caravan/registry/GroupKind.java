package dev.caravan.registry;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a group stands for: where devices are (site, zone) or what they do (function). */
public enum GroupKind {
    SITE,
    ZONE,
    FUNCTION;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static GroupKind of(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
