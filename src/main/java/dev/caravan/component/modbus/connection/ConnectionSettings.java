package dev.caravan.component.modbus.connection;

import java.time.Duration;

/**
 * What identifies and tunes one connection. Users of the same transport, host and port share a connection (devices
 * behind a gateway differ only by unit id); the first user's timeouts and in-flight limit apply to all of them.
 *
 * @param host        the host name or address; for {@link Transport#RTU} the serial port (/dev/ttyUSB0)
 * @param maxInFlight requests sent before the previous ones are answered; 1 by default because many devices and
 *                    gateways drop pipelined requests; always 1 for RTU
 * @param serial      line settings of {@link Transport#RTU}
 */
public record ConnectionSettings(Transport transport, String host, int port, Duration connectTimeout,
                                 Duration requestTimeout, int maxInFlight, SerialLine serial) {

    public ConnectionSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host: required");
        }
        if (!transport.serial() && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("port: 1 to 65535, not " + port);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight: at least 1");
        }
        maxInFlight = transport.pipelines() ? maxInFlight : 1;
    }

    /** One connection per key: a TCP peer, or a serial port (a bus: every unit on it shares the one line). */
    public String key() {
        return transport.serial() ? "rtu://" + host : transport.name().toLowerCase() + "://" + host + ":" + port;
    }
}
