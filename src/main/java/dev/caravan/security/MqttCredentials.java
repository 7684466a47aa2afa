package dev.caravan.security;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Service;

import dev.caravan.mqtt.MqttProperties;
import dev.caravan.registry.DeviceDeleted;
import dev.caravan.registry.DeviceRegistry;

/**
 * Devices' logins on the broker: username = device id, a random password shown once, kept as a BCrypt hash for the
 * embedded broker and as a Mosquitto hash for an outside Mosquitto's password file ({@code mqtt_credentials},
 * {@link MosquittoPasswordFile}). A successful check is remembered for a minute, so that reconnect storms do not cost a
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

    private final ApplicationEventPublisher events;
    private final boolean madeAtRegistration;

    public MqttCredentials(NamedParameterJdbcTemplate jdbc, DeviceRegistry registry,
                           ApplicationEventPublisher events, MqttProperties mqtt,
                           MosquittoPasswordFile.Settings mosquitto) {
        this.jdbc = jdbc;
        this.events = events;
        boolean embeddedWantsLogins = mqtt.embedded() != null && mqtt.embedded().enabled()
                && mqtt.embedded().deviceAuthentication();
        this.madeAtRegistration = embeddedWantsLogins || mosquitto.enabled();
        this.registry = registry;
    }

    /**
     * Whether the broker wants device logins, so that a device gets one when it is registered: the embedded broker
     * with device authentication, or a Mosquitto whose password file the hub writes.
     */
    public boolean madeAtRegistration() {
        return madeAtRegistration;
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
                insert into mqtt_credentials (device_id, password_hash, mosquitto_hash) values (:id, :hash, :mosquitto)
                on conflict (device_id) do update set password_hash = excluded.password_hash,
                    mosquitto_hash = excluded.mosquitto_hash, created_at = now()
                """, new MapSqlParameterSource("id", deviceId).addValue("hash", bcrypt.encode(password))
                .addValue("mosquitto", MosquittoPasswordHash.hash(password)));
        forgetVerified(deviceId);
        events.publishEvent(new Changed(deviceId));
        return new Issued(deviceId, deviceId, password);
    }

    /** Some device's login changed (issued, or gone with its device). */
    public record Changed(String deviceId) {
    }

    /** A deleted device's login went with it (the table follows the registry): forget it here too. */
    @EventListener
    public void deviceDeleted(DeviceDeleted deleted) {
        forgetVerified(deleted.deviceId());
        events.publishEvent(new Changed(deleted.deviceId()));
    }

    private void forgetVerified(String deviceId) {
        verified.asMap().keySet().removeIf(k -> k.startsWith(deviceId + "\n"));
    }

    /** Every device's login in Mosquitto's password file format, by device id (those made since V7). */
    public Map<String, String> mosquittoHashes() {
        Map<String, String> hashes = new TreeMap<>();
        jdbc.query("select device_id, mosquitto_hash from mqtt_credentials where mosquitto_hash is not null",
                rs -> {
                    hashes.put(rs.getString(1), rs.getString(2));
                });
        return hashes;
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
