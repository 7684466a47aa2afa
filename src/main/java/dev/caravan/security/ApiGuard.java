package dev.caravan.security;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import dev.caravan.api.ApiException;

/**
 * The door of every API operation (run first by the route configuration {@code api-errors}): finds the caller (a
 * bearer token or an API key: {@link Authenticator}), checks that its role has the permission the operation needs ({@link ApiPermissions}), its
 * rate limit, and the lockout of addresses that failed too often; audits state-changing calls and failures. 401 for
 * no or a bad key, 403 for a role without the permission, 429 with {@code Retry-After} for too many requests.
 */
@Component("apiGuard")
public class ApiGuard implements Processor {

    public static final String HEADER = Authenticator.API_KEY_HEADER;
    /** The exchange property holding the {@link Caller}. */
    public static final String CALLER = "caravan.caller";
    private static final String REMOTE_ADDRESS = "CamelNettyRemoteAddress";

    private final ApiPermissions permissions;
    private final Authenticator authenticator;
    private final RateLimiter rateLimiter;
    private final Lockouts lockouts;
    private final AuditLog audit;
    private final ObjectMapper mapper;
    private final MeterRegistry meters;

    public ApiGuard(ApiPermissions permissions, Authenticator authenticator,
                    @Qualifier("apiRateLimiter") RateLimiter rateLimiter,
                    Lockouts lockouts, AuditLog audit, ObjectMapper mapper, MeterRegistry meters) {
        this.permissions = permissions;
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
        this.lockouts = lockouts;
        this.audit = audit;
        this.mapper = mapper;
        this.meters = meters;
    }

    @Override
    public void process(Exchange exchange) {
        String operation = exchange.getFromRouteId();
        Permission needed = permissions.required(operation);
        if (needed == Permission.NONE) {
            return;
        }
        String address = address(exchange);
        long lockedMs = lockouts.lockedForMs(address);
        if (lockedMs > 0) {
            rejected("locked_out", operation);
            throw ApiException.tooManyRequests("TOO_MANY_REQUESTS", "too many failed authentications from "
                    + address + "; try again later", lockedMs);
        }
        String apiKey = exchange.getMessage().getHeader(HEADER, String.class);
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        Optional<Caller> authenticated = authenticator.authenticate(apiKey, authorization);
        if (authenticated.isEmpty()) {
            lockouts.failed(address);
            rejected("unauthenticated", operation);
            audit.record(AuditEntry.of("anonymous@" + address, "auth.failed", target(exchange), "401",
                    detail(operation, authorization != null ? "invalid, expired or foreign bearer token"
                            : apiKey == null ? "no credentials" : "unknown, expired or revoked API key")));
            throw new ApiException(401, "UNAUTHORIZED", "an API key in the " + HEADER + " header (or a bearer"
                    + " token) is required; unknown, expired and revoked keys are refused",
                    Map.of("WWW-Authenticate", authenticator.challenge()));
        }
        lockouts.succeeded(address);
        Caller caller = authenticated.get();
        if (!caller.role().may(needed)) {
            rejected("forbidden", operation);
            audit.record(AuditEntry.of(caller.actor(), "auth.forbidden", target(exchange), "403",
                    detail(operation, "role " + caller.role().value() + " lacks " + needed.name().toLowerCase())));
            throw new ApiException(403, "FORBIDDEN", "role " + caller.role().value() + " may not " + operation
                    + " (it needs the " + needed.name().toLowerCase() + " permission)");
        }
        long waitNanos = rateLimiter.acquire(caller.rateKey());
        if (waitNanos > 0) {
            rejected("rate_limited", operation);
            throw ApiException.tooManyRequests("TOO_MANY_REQUESTS", "rate limit of " + caller.actor() + " exceeded",
                    TimeUnit.NANOSECONDS.toMillis(waitNanos));
        }
        exchange.setProperty(CALLER, caller);
        if (changesState(exchange)) {
            exchange.getExchangeExtension().addOnCompletion(new Audited(caller.actor(), operation, target(exchange)));
        }
    }

    private static boolean changesState(Exchange exchange) {
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        return method != null && !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
    }

    private void rejected(String reason, String operation) {
        meters.counter("caravan.api.rejected", "reason", reason, "operation", operation == null ? "" : operation)
                .increment();
    }

    private ObjectNode detail(String operation, String reason) {
        ObjectNode detail = mapper.createObjectNode().put("operation", operation);
        return reason == null ? detail : detail.put("reason", reason);
    }

    private static String target(Exchange exchange) {
        String uri = exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class);
        int query = uri == null ? -1 : uri.indexOf('?');
        return exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class) + " "
                + (query < 0 ? uri : uri.substring(0, query));
    }

    private static String address(Exchange exchange) {
        Object remote = exchange.getMessage().getHeader(REMOTE_ADDRESS);
        if (remote instanceof InetSocketAddress inet) {
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        }
        return remote instanceof SocketAddress socket ? socket.toString() : "unknown";
    }

    /** Writes the audit entry of a state-changing call once its answer is known. */
    private final class Audited extends SynchronizationAdapter {
        private final String actor;
        private final String operation;
        private final String target;

        Audited(String actor, String operation, String target) {
            this.actor = actor;
            this.operation = operation;
            this.target = target;
        }

        @Override
        public void onDone(Exchange exchange) {
            Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            String outcome = status != null ? status.toString() : exchange.isFailed() ? "500" : "200";
            audit.record(AuditEntry.of(actor, operation, target, outcome, null));
        }
    }
}
