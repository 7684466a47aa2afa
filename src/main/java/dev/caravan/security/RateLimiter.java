package dev.caravan.security;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * A token bucket per key (an API caller, a device): {@code rate} per second sustained, {@code burst} at once. In
 * memory, per hub instance: with several hubs each allows the rate. The beans are in {@link RateLimits}.
 */
public class RateLimiter {

    private final double rate;
    private final int burst;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(100_000).build();

    public RateLimiter(double rate, int burst) {
        this.rate = rate;
        this.burst = burst;
    }

    public double rate() {
        return rate;
    }

    /** Zero when the request may go ahead; otherwise how long until it could, in nanoseconds. */
    public long acquire(String key) {
        return buckets.get(key, k -> new Bucket(burst)).take(rate, burst, System.nanoTime());
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt = System.nanoTime();

        Bucket(int burst) {
            this.tokens = burst;
        }

        synchronized long take(double rate, int burst, long now) {
            tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * rate);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / rate * 1e9);
        }
    }
}
