package dev.caravan.security;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Service;

import dev.caravan.registry.DeviceRegistry;

/**
 * Devices' logins on the embedded broker: username = device id, a random password shown once, kept as a BCrypt hash
 * ({@code mqtt_credentials}). A successful check is remembered for a minute, so that reconnect storms do not cost a
 * BCrypt each.
 */
@Service
public class MqttCredentials {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final NamedParameterJdbcTemplate jdbc;
    private final DeviceRegistry registry;
    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
    private final Cache<String, Boolean> verified = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1))
            .maximumSize(100_000).build();

    public MqttCredentials(NamedParameterJdbcTemplate jdbc, DeviceRegistry registry) {
        this.jdbc = jdbc;
        this.registry = registry;
    }

    /** A login as the API answers it: shown this once. */
    public record Issued(String deviceId, String username, String password) {
    }

    /** New credentials for the device, replacing any earlier ones. */
    public Issued issue(String deviceId) {
        registry.get(deviceId);
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.update("""
                insert into mqtt_credentials (device_id, password_hash) values (:id, :hash)
                on conflict (device_id) do update set password_hash = excluded.password_hash, created_at = now()
                """, new MapSqlParameterSource("id", deviceId).addValue("hash", bcrypt.encode(password)));
        verified.asMap().keySet().removeIf(k -> k.startsWith(deviceId + "\n"));
        return new Issued(deviceId, deviceId, password);
    }

    /** True when {@code password} is the device's. */
    public boolean verify(String deviceId, String password) {
        String key = deviceId + "\n" + ApiKeyService.hash(password);
        if (verified.getIfPresent(key) != null) {
            return true;
        }
        List<String> hashes = jdbc.queryForList("select password_hash from mqtt_credentials where device_id = :id",
                new MapSqlParameterSource("id", deviceId), String.class);
        boolean ok = !hashes.isEmpty() && bcrypt.matches(password, hashes.get(0));
        if (ok) {
            verified.put(key, Boolean.TRUE);
        }
        return ok;
    }
}
