package dev.caravan.envelope;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Advanced security: end-to-end payload envelopes ({@code caravan.security.advanced.*}; docs/envelope.md).
 *
 * @param enabled   every device in this mode ({@code MQTT_USE_ADVANCED_SECURITY}); otherwise only the devices that
 *                  were given a key ({@code POST /api/devices/{id}/keys})
 * @param masterKey the key (32 bytes, Base64) the device keys are encrypted under at rest
 *                  ({@code CARAVAN_MASTER_KEY}); empty: one is made in the data folder ({@code master.key}) at first
 *                  need
 * @param keyGrace  how long a device's previous key version is still accepted after a rotation
 */
@ConfigurationProperties("caravan.security.advanced")
public record AdvancedSecurityProperties(boolean enabled, String masterKey, Duration keyGrace) {
}
