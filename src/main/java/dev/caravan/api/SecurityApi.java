package dev.caravan.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import dev.caravan.security.ApiGuard;
import dev.caravan.security.ApiKey;
import dev.caravan.security.ApiKeyService;
import dev.caravan.security.AuditEntry;
import dev.caravan.security.AuditLog;
import dev.caravan.security.Caller;
import dev.caravan.security.Role;

/** {@code /api/keys} and {@code /api/audit}: API keys and the audit log (admin). */
@Component("securityApi")
public class SecurityApi {

    private final ApiKeyService keys;
    private final AuditLog audit;
    private final ApiRequests requests;

    public SecurityApi(ApiKeyService keys, AuditLog audit, ApiRequests requests) {
        this.keys = keys;
        this.audit = audit;
        this.requests = requests;
    }

    /** 201 with the key and its secret, shown this once. */
    public ApiKey create(Exchange exchange) {
        NewKey body = requests.body(exchange, NewKey.class);
        ApiKey created = keys.create(body.name(), body.role() == null ? null : Role.of(body.role()), body.expiresAt());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        exchange.getMessage().setHeader("Location", "/api/keys/" + created.id());
        return created;
    }

    public Page<ApiKey> list(Exchange exchange) {
        List<ApiKey> all = keys.list();
        return new Page<>(all, all.size(), 0);
    }

    /** 201 with the successor and its secret; the old key works on for the grace period. */
    public ApiKey rotate(Exchange exchange) {
        byte[] raw = exchange.getMessage().getBody(byte[].class);
        exchange.getMessage().setBody(raw);
        Rotation body = raw == null || raw.length == 0 ? new Rotation(null) : requests.body(exchange, Rotation.class);
        ApiKey successor = keys.rotate(id(exchange), body.graceSeconds() == null ? null
                : Duration.ofSeconds(body.graceSeconds()));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        exchange.getMessage().setHeader("Location", "/api/keys/" + successor.id());
        return successor;
    }

    public Object revoke(Exchange exchange) {
        keys.revoke(id(exchange));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        return null;
    }

    public Page<AuditEntry> audit(Exchange exchange) {
        int limit = ApiRequests.integer(exchange, "limit", 100, 1, 1000);
        return new Page<>(audit.list(ApiRequests.instant(exchange, "from"), ApiRequests.instant(exchange, "to"),
                ApiRequests.text(exchange, "actor"), ApiRequests.text(exchange, "action"), limit), limit, 0);
    }

    /** Who is calling: the caller's key or token subject, role and expiry (no secret). */
    public Caller whoami(Exchange exchange) {
        return exchange.getProperty(ApiGuard.CALLER, Caller.class);
    }

    private static String id(Exchange exchange) {
        return exchange.getMessage().getHeader("keyId", String.class);
    }

    /** The body of {@code POST /api/keys}. */
    public record NewKey(String name, String role, Instant expiresAt) {
    }

    /** The body of {@code POST /api/keys/{keyId}/rotate} (optional). */
    public record Rotation(Long graceSeconds) {
    }
}
