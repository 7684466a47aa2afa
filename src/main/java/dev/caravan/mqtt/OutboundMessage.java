package dev.caravan.mqtt;

import java.time.Duration;

/**
 * A message the hub publishes.
 *
 * @param messageExpiry MQTT 5 message expiry: the broker drops the message if it cannot deliver it in time; null for
 *                      none
 */
public record OutboundMessage(String topic, byte[] payload, int qos, boolean retained, Duration messageExpiry) {
}
