package dev.caravan.telemetry;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Telemetry settings ({@code caravan.telemetry.*}).
 *
 * @param batchSize       the most messages written in one database transaction
 * @param writerThreads   parallel batch writers
 * @param queueCapacity   messages accepted and not yet written before consumers are held back
 * @param maxFutureSkew   how far in the future a device's {@code ts} may be before the message is refused
 * @param queryMaxRows    the most values one history query returns
 * @param queryDefaultWindow the window of a history query without {@code from}
 */
@ConfigurationProperties("caravan.telemetry")
public record TelemetryProperties(int batchSize, int writerThreads, int queueCapacity, Duration maxFutureSkew,
                                  int queryMaxRows, Duration queryDefaultWindow) {
}
