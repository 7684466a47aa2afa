package dev.caravan.deadletter;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Dead letter store settings ({@code caravan.deadletter.*}).
 *
 * @param maxStoredPayloadBytes how much of a refused payload is kept (its full size is recorded too)
 */
@ConfigurationProperties("caravan.deadletter")
public record DeadLetterProperties(int maxStoredPayloadBytes) {
}
