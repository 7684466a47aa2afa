package dev.caravan.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * HTTP API security ({@code caravan.security.*}; docs/security.md).
 *
 * @param bootstrapApiKey  the first admin key ({@code CARAVAN_BOOTSTRAP_API_KEY}); when empty and no admin key exists,
 *                         one is generated at start and printed once
 * @param keyCacheTtl      how long a hub trusts what it read of a key; a key revoked on another hub stops working
 *                         there within this time (at once on the hub that revoked it)
 * @param rotationGrace    how long a rotated key keeps working next to its successor, unless the request says otherwise
 * @param rateLimit        requests per second per API key (sustained)
 * @param rateBurst        requests per API key allowed at once above the sustained rate
 * @param lockoutAfter     failed authentications from one address before it is locked out
 * @param lockoutBase      the first lockout; doubled for each further failure, up to {@code lockoutMax}
 * @param lockoutMax       the longest lockout
 * @param deviceRateLimit  messages per second per device, MQTT and HTTP together (sustained)
 * @param deviceRateBurst  messages per device allowed at once above the sustained rate
 */
@ConfigurationProperties("caravan.security")
public record SecurityProperties(String bootstrapApiKey, Duration keyCacheTtl, Duration rotationGrace,
                                 double rateLimit, int rateBurst, int lockoutAfter, Duration lockoutBase,
                                 Duration lockoutMax, double deviceRateLimit, int deviceRateBurst) {
}
