package dev.caravan.envelope;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.caravan.registry.DeviceDeleted;
import dev.caravan.registry.DeviceRegistry;
import dev.caravan.support.ConflictException;

/**
 * The devices' keys: made, rotated (the previous version accepted for the grace period), and looked up for each
 * envelope (cached for a few seconds). A device with a key speaks in envelopes; with
 * {@code caravan.security.advanced.enabled} every device must.
 */
@Service
public class DeviceKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DeviceKeyRepository repository;
    private final MasterKey masterKey;
    private final AdvancedSecurityProperties properties;
    private final DeviceRegistry registry;
    private final Cache<String, List<DeviceKey>> cache = Caffeine.newBuilder()
            .expireAfterWrite(java.time.Duration.ofSeconds(5)).maximumSize(1_000_000).build();

    public DeviceKeys(DeviceKeyRepository repository, MasterKey masterKey, AdvancedSecurityProperties properties,
                      DeviceRegistry registry) {
        this.repository = repository;
        this.masterKey = masterKey;
        this.properties = properties;
        this.registry = registry;
    }

    /** One version of a device's key, decrypted; {@code retireAt} null for the current one. */
    public record DeviceKey(int version, byte[] key, Instant createdAt, Instant retireAt) {

        boolean acceptedAt(Instant now) {
            return retireAt == null || retireAt.isAfter(now);
        }
    }

    /** What the API answers for a new key: the key itself, shown this once. */
    public record IssuedKey(String deviceId, int version, String algorithm, String key, Instant previousValidUntil) {
    }

    /** Whether the device speaks in envelopes. */
    public boolean advanced(String deviceId) {
        return properties.enabled() || !versions(deviceId).isEmpty();
    }

    /** Its key versions, newest first (empty for a device without one). */
    public List<DeviceKey> versions(String deviceId) {
        return cache.get(deviceId, id -> repository.versions(id).stream().map(stored -> new DeviceKey(
                stored.version(), masterKey.open(id, stored.version(), stored.sealed()), stored.createdAt(),
                stored.retireAt())).toList());
    }

    /** The version to seal with: the newest. */
    public Optional<DeviceKey> current(String deviceId) {
        List<DeviceKey> all = versions(deviceId);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /**
     * A new key version for the device (its first turns advanced security on for it); the previous ones stay
     * accepted for {@code caravan.security.advanced.key-grace}.
     */
    @Transactional
    public IssuedKey issue(String deviceId) {
        registry.get(deviceId);
        byte[] key = new byte[Envelope.KEY_BYTES];
        RANDOM.nextBytes(key);
        Instant graceEnds = Instant.now().plus(properties.keyGrace());
        boolean rotation = !repository.versions(deviceId).isEmpty();
        int version = repository.add(deviceId, v -> masterKey.seal(deviceId, v, key), graceEnds);
        cache.invalidate(deviceId);
        return new IssuedKey(deviceId, version, "AES-256-GCM", java.util.Base64.getEncoder().encodeToString(key),
                rotation ? graceEnds : null);
    }

    /** A deleted device's keys went with it (the table follows the registry). */
    @EventListener
    public void deviceDeleted(DeviceDeleted deleted) {
        cache.invalidate(deleted.deviceId());
    }

    /** Turns advanced security off for the device (not possible while it is on for every device). */
    public void remove(String deviceId) {
        registry.get(deviceId);
        if (properties.enabled()) {
            throw new ConflictException("advanced security is on for every device"
                    + " (caravan.security.advanced.enabled): a device cannot leave it");
        }
        repository.delete(deviceId);
        cache.invalidate(deviceId);
    }
}
