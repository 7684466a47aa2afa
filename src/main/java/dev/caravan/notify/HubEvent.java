package dev.caravan.notify;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A notification, as webhooks receive it and the event stream shows it.
 *
 * @param type {@code command.state}, {@code device.online}, {@code device.offline}, {@code device.maintenance} or
 *             {@code deadletter}
 */
public record HubEvent(String id, String type, Instant at, JsonNode data) {

    public static final String COMMAND_STATE = "command.state";
    public static final String DEAD_LETTER = "deadletter";

    /** Whether a subscription to {@code patterns} ({@code *}, exact types, or prefixes such as {@code device.*}). */
    public boolean matches(Iterable<String> patterns) {
        for (String pattern : patterns) {
            if (pattern.equals("*") || pattern.equals(type)
                    || (pattern.endsWith(".*") && type.startsWith(pattern.substring(0, pattern.length() - 1)))) {
                return true;
            }
        }
        return false;
    }
}
