package dev.caravan.notify;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Webhook delivery settings ({@code caravan.webhooks.*}).
 *
 * @param maxAttempts    deliveries tried before the notification goes to the dead letter store
 * @param retryBackoff   the wait after the first failure; doubled after each further one
 * @param maxRetryBackoff the longest wait between attempts
 * @param requestTimeout how long a receiver has to answer
 */
@ConfigurationProperties("caravan.webhooks")
public record WebhookProperties(int maxAttempts, Duration retryBackoff, Duration maxRetryBackoff,
                                Duration requestTimeout, Duration sweepInterval) {

    public Duration backoff(int attempt) {
        Duration wait = retryBackoff.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 20));
        return wait.compareTo(maxRetryBackoff) > 0 ? maxRetryBackoff : wait;
    }
}
