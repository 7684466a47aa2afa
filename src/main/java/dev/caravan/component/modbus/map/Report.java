package dev.caravan.component.modbus.map;

import java.util.Locale;

/** When a poll group's values are reported: whenever they change beyond their deadband, or after every poll. */
public enum Report {
    ON_CHANGE,
    EVERY_POLL;

    public static Report parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "on-change", "change" -> ON_CHANGE;
            case "every-poll", "always", "poll" -> EVERY_POLL;
            default -> throw new IllegalArgumentException("report '" + text + "': on-change or every-poll");
        };
    }
}
