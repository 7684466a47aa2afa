package dev.caravan.mqtt;

import java.util.List;

/**
 * What a device may do on the broker (the same as mosquitto/acl): publish its own status, telemetry, response and
 * event; receive its own command and config. Nothing else.
 */
public final class DeviceAcl {

    private DeviceAcl() {
    }

    /** The topics {@code deviceId} may publish on. */
    public static List<String> publishes(String deviceId) {
        return List.of(TopicKind.values()).stream().filter(TopicKind::isInbound)
                .map(kind -> DeviceTopic.of(deviceId, kind)).toList();
    }

    /** The topics {@code deviceId} may subscribe to. */
    public static List<String> receives(String deviceId) {
        return List.of(TopicKind.values()).stream().filter(kind -> !kind.isInbound())
                .map(kind -> DeviceTopic.of(deviceId, kind)).toList();
    }
}
