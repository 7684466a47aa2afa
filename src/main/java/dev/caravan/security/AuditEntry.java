package dev.caravan.security;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One line of the audit log: who ({@code actor}: "key:{id} ({name})", "device:{id}", "anonymous@{address}",
 * "hub"), did what ({@code action}: the API operation, or an event such as "auth.failed"), to what, and how it ended.
 */
public record AuditEntry(Long id, Instant at, String actor, String action, String target, String outcome,
                         JsonNode detail) {

    public static AuditEntry of(String actor, String action, String target, String outcome, JsonNode detail) {
        return new AuditEntry(null, Instant.now(), actor, action, target, outcome, detail);
    }
}
