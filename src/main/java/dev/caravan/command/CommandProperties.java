package dev.caravan.command;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Command settings ({@code caravan.commands.*}).
 *
 * @param defaultTimeout  how long a device has to answer a sent command, unless the request says {@code timeoutMs}
 * @param defaultTtl      how long a command may wait for delivery, unless the request says {@code ttlMs}
 * @param defaultRetries  how often a timed-out command is sent again, unless the request says {@code retries}
 * @param retryBackoff    the wait before the first retry; doubled for each further one
 * @param maxRetryBackoff the longest wait between retries
 * @param maxWait         the longest an HTTP request with {@code wait: true} is held open
 * @param sweepInterval   how often timeouts, expiries and due retries are looked for
 * @param publishTimeout  how long the hub waits for the broker to acknowledge a command; a claim lasts twice this
 * @param dispatchThreads devices whose commands the dispatch threads send at the same time
 */
@ConfigurationProperties("caravan.commands")
public record CommandProperties(Duration defaultTimeout, Duration defaultTtl, int defaultRetries,
                                Duration retryBackoff, Duration maxRetryBackoff, Duration maxWait,
                                Duration sweepInterval, Duration publishTimeout, int dispatchThreads) {
}
