package dev.caravan.telemetry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The hot store: each device's newest value per key in Redis, hash {@code caravan:latest:{id}} (field: key, value:
 * {@code {"value":..,"ts":".."}}), with the timestamps beside it in {@code caravan:latest-ts:{id}} so that a late,
 * older value never replaces a newer one. A value with the same timestamp as the stored one is left alone, as the
 * database does (first write wins).
 */
@Component
public class LatestValuesStore {

    /** KEYS: values hash, timestamps hash. ARGV: triples of (epoch ms, field, JSON). Sets the fields that are newer. */
    private static final String SET_IF_NEWER = """
            local n = #ARGV / 3
            local fields = {}
            for i = 1, n do fields[i] = ARGV[(i - 1) * 3 + 2] end
            local current = redis.call('HMGET', KEYS[2], unpack(fields))
            local values, times = {}, {}
            for i = 1, n do
              local ts = ARGV[(i - 1) * 3 + 1]
              if (not current[i]) or tonumber(current[i]) < tonumber(ts) then
                values[#values + 1] = fields[i]; values[#values + 1] = ARGV[(i - 1) * 3 + 3]
                times[#times + 1] = fields[i]; times[#times + 1] = ts
              end
            end
            if #values > 0 then
              redis.call('HSET', KEYS[1], unpack(values))
              redis.call('HSET', KEYS[2], unpack(times))
            end
            return #values / 2
            """;

    private final StringRedisTemplate redis;
    private final ObjectMapper mapper;

    public LatestValuesStore(StringRedisTemplate redis, ObjectMapper mapper) {
        this.redis = redis;
        this.mapper = mapper;
    }

    public static String valuesKey(String deviceId) {
        return "caravan:latest:{" + deviceId + "}";
    }

    static String timesKey(String deviceId) {
        return "caravan:latest-ts:{" + deviceId + "}";
    }

    /** Keeps the newest value per device and key of a batch, in one round trip. */
    public void update(List<TelemetryMessage> messages) {
        Map<String, Map<String, Newest>> perDevice = new HashMap<>();
        for (TelemetryMessage message : messages) {
            Map<String, Newest> newest = perDevice.computeIfAbsent(message.deviceId(), d -> new LinkedHashMap<>());
            for (TelemetryValue value : message.values()) {
                newest.merge(value.key(), new Newest(message.ts(), value),
                        (a, b) -> b.ts.isAfter(a.ts) ? b : a);
            }
        }
        byte[] script = SET_IF_NEWER.getBytes(StandardCharsets.UTF_8);
        redis.executePipelined((RedisCallback<Object>) connection -> {
            perDevice.forEach((device, newest) -> setIfNewer(connection, script, device, newest));
            return null;
        });
    }

    private void setIfNewer(RedisConnection connection, byte[] script, String device, Map<String, Newest> newest) {
        List<byte[]> keysAndArgs = new ArrayList<>(2 + newest.size() * 3);
        keysAndArgs.add(bytes(valuesKey(device)));
        keysAndArgs.add(bytes(timesKey(device)));
        newest.forEach((key, n) -> {
            ObjectNode entry = mapper.createObjectNode();
            entry.putPOJO("value", n.value.value());
            entry.put("ts", n.ts.toString());
            keysAndArgs.add(bytes(Long.toString(n.ts.toEpochMilli())));
            keysAndArgs.add(bytes(key));
            keysAndArgs.add(bytes(entry.toString()));
        });
        connection.scriptingCommands().eval(script, ReturnType.INTEGER, 2, keysAndArgs.toArray(new byte[0][]));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private record Newest(Instant ts, TelemetryValue value) {
    }
}
