package dev.caravan.security;

import java.util.Locale;

/** What an API operation needs; each route names one in security/api-permissions.yaml. */
public enum Permission {
    /** Read devices, telemetry, events, commands, dead letters, webhooks. */
    READ,
    /** Send and cancel commands, set device configuration. */
    COMMAND,
    /** Change the registry (devices, groups, device tokens) and the webhooks. */
    MANAGE,
    /** API keys and the audit log. */
    ADMIN,
    /** No API key: the operation authenticates otherwise (a device token) or is public (the OpenAPI document). */
    NONE;

    public static Permission of(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
