package dev.caravan.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * When each device was last heard from (any inbound message), in the Redis hash {@code caravan:last-seen} (field:
 * device id, value: epoch ms), shared by all hub instances. Only ever moves forward.
 *
 * <p>Sightings are gathered in memory and written every {@value #FLUSH_MS} ms in one round trip, so that recording
 * one costs a map update on the hot paths (every telemetry batch, every response) rather than a call to Redis.
 */
@Component
public class LastSeenStore implements AutoCloseable {

    static final String KEY = "caravan:last-seen";
    static final long FLUSH_MS = 200;

    /** KEYS: the hash. ARGV: pairs of (device, epoch ms). Sets the ones that are newer. */
    private static final String SET_IF_NEWER = """
            local n = #ARGV / 2
            local fields = {}
            for i = 1, n do fields[i] = ARGV[(i - 1) * 2 + 1] end
            local current = redis.call('HMGET', KEYS[1], unpack(fields))
            local updates = {}
            for i = 1, n do
              local ms = ARGV[(i - 1) * 2 + 2]
              if (not current[i]) or tonumber(current[i]) < tonumber(ms) then
                updates[#updates + 1] = fields[i]; updates[#updates + 1] = ms
              end
            end
            if #updates > 0 then redis.call('HSET', KEYS[1], unpack(updates)) end
            return #updates / 2
            """;
    private static final Logger LOG = LoggerFactory.getLogger(LastSeenStore.class);

    private final StringRedisTemplate redis;
    private final Counter failures;
    private final Map<String, Long> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "last-seen-flush");
        t.setDaemon(true);
        return t;
    });
    private volatile long lastFailureLog;

    public LastSeenStore(StringRedisTemplate redis, MeterRegistry meters) {
        this.redis = redis;
        this.failures = Counter.builder("caravan.lastseen.failures")
                .description("last-seen updates that could not be written to Redis").register(meters);
        flusher.scheduleWithFixedDelay(this::flush, FLUSH_MS, FLUSH_MS, TimeUnit.MILLISECONDS);
    }

    public void seen(String deviceId, Instant at) {
        pending.merge(deviceId, at.toEpochMilli(), Math::max);
    }

    public void seen(Map<String, Instant> devices) {
        devices.forEach(this::seen);
    }

    /** Writes what was gathered; a failure keeps the sightings for the next try. */
    public synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, Long> batch = new HashMap<>(pending);
        List<byte[]> keysAndArgs = new ArrayList<>(1 + batch.size() * 2);
        keysAndArgs.add(bytes(KEY));
        batch.forEach((device, ms) -> {
            keysAndArgs.add(bytes(device));
            keysAndArgs.add(bytes(Long.toString(ms)));
        });
        byte[][] args = keysAndArgs.toArray(new byte[0][]);
        try {
            redis.execute((RedisCallback<Object>) connection -> connection.scriptingCommands()
                    .eval(bytes(SET_IF_NEWER), ReturnType.INTEGER, 1, args));
            // keep sightings that came in meanwhile
            batch.forEach((device, ms) -> pending.remove(device, ms));
        } catch (RuntimeException e) {
            // a sign of life lost costs at most a wrong offline, corrected by the next message
            failures.increment();
            long now = System.currentTimeMillis();
            if (now - lastFailureLog > 30_000) {
                lastFailureLog = now;
                LOG.warn("Cannot record last-seen times in Redis: {}", e.getMessage());
            }
        }
    }

    /** Every device's last-seen time, including what is not written yet. */
    public Map<String, Instant> all() {
        flush();
        Map<Object, Object> raw = redis.opsForHash().entries(KEY);
        Map<String, Instant> result = new HashMap<>(raw.size() * 2);
        raw.forEach((k, v) -> result.put((String) k, Instant.ofEpochMilli(Long.parseLong((String) v))));
        pending.forEach((device, ms) -> result.merge(device, Instant.ofEpochMilli(ms),
                (a, b) -> a.isAfter(b) ? a : b));
        return result;
    }

    /** One device's last-seen time, or null. */
    public Instant of(String deviceId) {
        Long pendingMs = pending.get(deviceId);
        Object stored = redis.opsForHash().get(KEY, deviceId);
        long storedMs = stored == null ? 0 : Long.parseLong((String) stored);
        long ms = Math.max(pendingMs == null ? 0 : pendingMs, storedMs);
        return ms == 0 ? null : Instant.ofEpochMilli(ms);
    }

    public void forget(String deviceId) {
        pending.remove(deviceId);
        redis.opsForHash().delete(KEY, deviceId);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        flusher.shutdownNow();
        try {
            flush();
        } catch (RuntimeException e) {
            // Redis may be gone first at shutdown
        }
    }
}
