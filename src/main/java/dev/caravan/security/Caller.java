package dev.caravan.security;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Who is calling the API, however they proved it: an API key ({@code kind} "api-key", {@code id} the key's id) or an
 * OAuth 2.0 bearer token ({@code kind} "jwt", {@code id} its subject).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Caller(String kind, String id, String name, Role role, Instant expiresAt) {

    static Caller of(ApiKey key) {
        return new Caller("api-key", key.id(), key.name(), key.role(), key.expiresAt());
    }

    /** As the audit log names it: "key:{id} ({name})" or "jwt:{subject} ({name})". */
    @JsonIgnore
    public String actor() {
        return ("api-key".equals(kind) ? "key:" : "jwt:") + id + (name == null ? "" : " (" + name + ")");
    }

    /** What the rate limit counts by. */
    @JsonIgnore
    String rateKey() {
        return kind + ":" + id;
    }
}
