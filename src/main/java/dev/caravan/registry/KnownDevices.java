package dev.caravan.registry;

import java.time.Duration;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.caravan.deadletter.DeadLetterReason;
import dev.caravan.deadletter.InvalidMessageException;

/**
 * Answers "is this device registered?" for every inbound message without a database query each time, and applies
 * the unknown-device policy. Positive answers are cached for {@code known-device-cache-ttl}; negative ones for a
 * few seconds, so that a flood from an unknown device does not flood the database either.
 */
@Component
public class KnownDevices {

    private static final Logger LOG = LoggerFactory.getLogger(KnownDevices.class);
    private static final Duration NEGATIVE_TTL = Duration.ofSeconds(5);

    private final DeviceRepository devices;
    private final RegistryProperties properties;
    private final Cache<String, Boolean> known;
    private final Cache<String, Boolean> unknown;

    public KnownDevices(DeviceRepository devices, RegistryProperties properties) {
        this.devices = devices;
        this.properties = properties;
        this.known = Caffeine.newBuilder().expireAfterWrite(properties.knownDeviceCacheTtl())
                .maximumSize(1_000_000).build();
        this.unknown = Caffeine.newBuilder().expireAfterWrite(NEGATIVE_TTL).maximumSize(100_000).build();
    }

    /**
     * Lets a message from {@code deviceId} through, registering the device if the policy says so.
     *
     * @throws InvalidMessageException UNKNOWN_DEVICE when the device is not registered and the policy is reject
     */
    public void require(String deviceId) {
        if (known.getIfPresent(deviceId) != null) {
            return;
        }
        boolean reject = properties.unknownDevices() == RegistryProperties.UnknownDevicePolicy.REJECT;
        if (reject && unknown.getIfPresent(deviceId) != null) {
            throw unknownDevice(deviceId);
        }
        if (devices.exists(deviceId)) {
            remember(deviceId);
            return;
        }
        if (reject) {
            unknown.put(deviceId, Boolean.TRUE);
            throw unknownDevice(deviceId);
        }
        autoRegister(deviceId);
        remember(deviceId);
    }

    private void autoRegister(String id) {
        DeviceSpec spec = new DeviceSpec(id, "generic", null, null, null, "mqtt", null, List.of());
        if (devices.insert(spec, true)) {
            LOG.info("Auto-registered device '{}' on its first message", id);
        }
    }

    public void remember(String deviceId) {
        unknown.invalidate(deviceId);
        known.put(deviceId, Boolean.TRUE);
    }

    public void forget(String deviceId) {
        known.invalidate(deviceId);
    }

    private static InvalidMessageException unknownDevice(String deviceId) {
        return new InvalidMessageException(DeadLetterReason.UNKNOWN_DEVICE,
                "device '" + deviceId + "' is not registered (caravan.registry.unknown-devices=reject)");
    }
}
