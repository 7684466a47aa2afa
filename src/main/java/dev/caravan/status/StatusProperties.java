package dev.caravan.status;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Status tracking settings ({@code caravan.status.*}).
 *
 * @param heartbeatTimeout  silence after which an online device is marked offline
 * @param heartbeatTimeouts per device type, overriding {@code heartbeat-timeout}
 * @param sweepInterval     how often heartbeats are checked
 */
@ConfigurationProperties("caravan.status")
public record StatusProperties(Duration heartbeatTimeout, Map<String, Duration> heartbeatTimeouts,
                               Duration sweepInterval) {

    public Duration timeoutFor(String deviceType) {
        if (heartbeatTimeouts != null && deviceType != null) {
            Duration byType = heartbeatTimeouts.get(deviceType);
            if (byType != null) {
                return byType;
            }
        }
        return heartbeatTimeout;
    }
}
