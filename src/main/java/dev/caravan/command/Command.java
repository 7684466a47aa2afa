package dev.caravan.command;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/** A command as stored and as the API shows it. */
public record Command(
        String commandId,
        @JsonIgnore long seq,
        String deviceId,
        String type,
        JsonNode params,
        CommandState state,
        long timeoutMs,
        Instant expiresAt,
        int retries,
        int attempts,
        Instant nextAttemptAt,
        JsonNode result,
        JsonNode error,
        String groupId,
        Instant createdAt,
        Instant sentAt,
        Instant completedAt,
        /** Every state change, oldest first; absent in lists. */
        List<Transition> transitions) {

    /** One state change, with when and why. */
    public record Transition(CommandState state, Instant at, String detail) {
    }

    Command withTransitions(List<Transition> all) {
        return new Command(commandId, seq, deviceId, type, params, state, timeoutMs, expiresAt, retries, attempts,
                nextAttemptAt, result, error, groupId, createdAt, sentAt, completedAt, all);
    }
}
