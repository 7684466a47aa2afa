package dev.caravan.ops;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.caravan.security.AuditEntry;
import dev.caravan.security.AuditLog;
import dev.caravan.security.Lockouts;

/**
 * Lockout with backoff for the management login (console and HTTP Basic), as for API keys: after
 * {@code caravan.security.lockout-after} failed logins in a row an address gets 429 with {@code Retry-After} on
 * everything but the open health endpoint, for a time that doubles with each further failure. Failures are audited
 * ({@code management.login.failed}); the attempted password never is.
 */
@Component
public class ManagementLoginLockout {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementLoginLockout.class);
    /** Kept apart from the API's failures from the same address. */
    private static final String PREFIX = "management ";

    private final Lockouts lockouts;
    private final AuditLog audit;
    private final ObjectMapper mapper;

    public ManagementLoginLockout(Lockouts lockouts, AuditLog audit, ObjectMapper mapper) {
        this.lockouts = lockouts;
        this.audit = audit;
        this.mapper = mapper;
    }

    @EventListener
    public void onFailure(AuthenticationFailureBadCredentialsEvent event) {
        String address = address(event.getAuthentication());
        lockouts.failed(PREFIX + address);
        audit.record(AuditEntry.of("anonymous@" + address, "management.login.failed", "management", "401",
                mapper.createObjectNode().put("username", String.valueOf(event.getAuthentication().getName()))));
        if (lockouts.lockedForMs(PREFIX + address) > 0) {
            LOG.warn("Management login locked out for {} after repeated failures", address);
        }
    }

    @EventListener
    public void onSuccess(AuthenticationSuccessEvent event) {
        lockouts.succeeded(PREFIX + address(event.getAuthentication()));
    }

    /** The filter that turns a locked-out address away before its credentials are checked. */
    OncePerRequestFilter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                long lockedMs = lockouts.lockedForMs(PREFIX + request.getRemoteAddr());
                if (lockedMs > 0 && !request.getRequestURI().startsWith("/actuator/health")) {
                    long seconds = Math.max(1, (lockedMs + 999) / 1000);
                    response.setStatus(429);
                    response.setHeader("Retry-After", Long.toString(seconds));
                    response.setContentType("text/plain;charset=UTF-8");
                    response.getWriter().write("too many failed logins from " + request.getRemoteAddr()
                            + "; try again in " + seconds + " s\n");
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }

    private static String address(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails details
                && details.getRemoteAddress() != null ? details.getRemoteAddress() : "unknown";
    }
}
