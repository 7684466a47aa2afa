package dev.caravan.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 */
@Component
public class LastSeenStore {

    static final String KEY = "caravan:last-seen";

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
    private volatile long lastFailureLog;

    public LastSeenStore(StringRedisTemplate redis, MeterRegistry meters) {
        this.redis = redis;
        this.failures = Counter.builder("caravan.lastseen.failures")
                .description("last-seen updates that could not be written to Redis").register(meters);
    }

    public void seen(String deviceId, Instant at) {
        seen(Map.of(deviceId, at));
    }

    public void seen(Map<String, Instant> devices) {
        if (devices.isEmpty()) {
            return;
        }
        List<byte[]> keysAndArgs = new ArrayList<>(1 + devices.size() * 2);
        keysAndArgs.add(bytes(KEY));
        devices.forEach((device, at) -> {
            keysAndArgs.add(bytes(device));
            keysAndArgs.add(bytes(Long.toString(at.toEpochMilli())));
        });
        byte[][] args = keysAndArgs.toArray(new byte[0][]);
        try {
            redis.execute((RedisCallback<Object>) connection -> connection.scriptingCommands()
                    .eval(bytes(SET_IF_NEWER), ReturnType.INTEGER, 1, args));
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

    /** Every device's last-seen time. */
    public Map<String, Instant> all() {
        Map<Object, Object> raw = redis.opsForHash().entries(KEY);
        Map<String, Instant> result = new HashMap<>(raw.size() * 2);
        raw.forEach((k, v) -> result.put((String) k, Instant.ofEpochMilli(Long.parseLong((String) v))));
        return result;
    }

    public void forget(String deviceId) {
        redis.opsForHash().delete(KEY, deviceId);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
