package dev.caravan.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import dev.caravan.support.BadRequestException;

/** Who may do what through the HTTP API (the table in docs/security.md). */
public enum Role {
    ADMIN(EnumSet.allOf(Permission.class)),
    OPERATOR(EnumSet.of(Permission.READ, Permission.COMMAND)),
    VIEWER(EnumSet.of(Permission.READ)),
    /** What a device holds: it talks to /api/ingest with its device token, nothing else. */
    DEVICE(EnumSet.noneOf(Permission.class));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = permissions;
    }

    public boolean may(Permission permission) {
        return permissions.contains(permission);
    }

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Role of(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new BadRequestException("role: one of admin, operator, viewer, device");
        }
    }
}
