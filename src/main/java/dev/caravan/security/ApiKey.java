package dev.caravan.security;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An API key as the hub keeps it: never the secret itself, only its SHA-256 and its first characters ({@code prefix})
 * to recognise it by. {@code key} is set once, in the answer that creates it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKey(String id, String name, Role role, String prefix, Instant createdAt, Instant expiresAt,
                     Instant revokedAt, String rotatedFrom, String key) {

    public boolean activeAt(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }

    ApiKey withSecret(String secret) {
        return new ApiKey(id, name, role, prefix, createdAt, expiresAt, revokedAt, rotatedFrom, secret);
    }
}
