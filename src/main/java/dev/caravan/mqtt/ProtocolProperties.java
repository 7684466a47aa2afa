package dev.caravan.mqtt;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Canonical protocol settings ({@code caravan.protocol.*}).
 *
 * @param maxPayloadBytes the largest inbound payload accepted; larger ones are dead-lettered as PAYLOAD_TOO_LARGE
 */
@ConfigurationProperties("caravan.protocol")
public record ProtocolProperties(int maxPayloadBytes) {
}
