package dev.caravan.api;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * HTTP API settings ({@code caravan.api.*}).
 *
 * @param maxBodyBytes the largest request body; larger ones are answered 413
 */
@ConfigurationProperties("caravan.api")
public record ApiProperties(String host, int port, int maxBodyBytes) {
}
