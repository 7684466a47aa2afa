package dev.caravan.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.stereotype.Component;

/**
 * Timestamps for telemetry that carries none: the hub's clock in microseconds, strictly increasing per device, so
 * that a burst of messages from one device inside the same millisecond are distinct rows rather than duplicates of
 * each other. (Idempotence against redelivery needs the device's own {@code ts}.)
 */
@Component
public class ReceiveClock {

    private final Cache<String, AtomicLong> lastStamp = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofHours(1)).maximumSize(1_000_000).build();

    public Instant stamp(String deviceId) {
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        AtomicLong last = lastStamp.get(deviceId, id -> new AtomicLong());
        long micros = last.updateAndGet(previous -> Math.max(now, previous + 1));
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
