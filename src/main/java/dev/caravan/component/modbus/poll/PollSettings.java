package dev.caravan.component.modbus.poll;

import java.time.Duration;

/**
 * How a device is polled beyond its register map.
 *
 * @param offlineAfter     consecutive failed polls (timeouts, lost links) before the device is reported offline
 * @param backoffInitial   wait before the first probe of an offline device; doubled after each failed probe
 * @param backoffMax       the longest wait between probes
 * @param statusInterval   how often an online device's status is repeated: the hub's heartbeat monitor takes a
 *                         device that says nothing for its heartbeat timeout for gone, and an on-change device
 *                         whose values are steady says nothing
 */
public record PollSettings(int offlineAfter, Duration backoffInitial, Duration backoffMax, Duration statusInterval) {

    public PollSettings {
        if (offlineAfter < 1) {
            throw new IllegalArgumentException("offlineAfter: at least 1");
        }
        if (backoffInitial.isNegative() || backoffInitial.isZero() || backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException("backoff: initial above 0 and not above max");
        }
        if (statusInterval.isNegative() || statusInterval.isZero()) {
            throw new IllegalArgumentException("statusInterval: above 0");
        }
    }
}
