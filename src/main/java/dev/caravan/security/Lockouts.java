package dev.caravan.security;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.stereotype.Component;

/**
 * Failed authentications per client address: after {@code lockout-after} of them in a row the address is locked out
 * for {@code lockout-base}, doubled with each further failure up to {@code lockout-max}. A success clears the record.
 */
@Component
public class Lockouts {

    private final SecurityProperties properties;
    private final Cache<String, Failures> failures = Caffeine.newBuilder().expireAfterAccess(Duration.ofHours(1))
            .maximumSize(100_000).build();

    public Lockouts(SecurityProperties properties) {
        this.properties = properties;
    }

    /** How long the address is still locked out, in milliseconds; zero when it is not. */
    public long lockedForMs(String address) {
        Failures f = failures.getIfPresent(address);
        return f == null ? 0 : Math.max(0, f.lockedUntilMs - System.currentTimeMillis());
    }

    public void failed(String address) {
        Failures f = failures.get(address, a -> new Failures());
        synchronized (f) {
            f.count++;
            int over = f.count - properties.lockoutAfter();
            if (over >= 0) {
                long lock = Math.min(properties.lockoutMax().toMillis(),
                        properties.lockoutBase().toMillis() << Math.min(over, 30));
                f.lockedUntilMs = System.currentTimeMillis() + lock;
            }
        }
    }

    public void succeeded(String address) {
        failures.invalidate(address);
    }

    private static final class Failures {
        int count;
        volatile long lockedUntilMs;
    }
}
