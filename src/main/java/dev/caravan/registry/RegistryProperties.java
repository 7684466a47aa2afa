package dev.caravan.registry;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Registry settings ({@code caravan.registry.*}).
 *
 * @param unknownDevices what to do with a message from a device that is not registered
 * @param knownDeviceCacheTtl how long a hub remembers that a device exists (other hubs' deletions take this long
 *                            to be seen)
 */
@ConfigurationProperties("caravan.registry")
public record RegistryProperties(UnknownDevicePolicy unknownDevices, Duration knownDeviceCacheTtl) {

    public enum UnknownDevicePolicy {
        /** Register the device (type {@code generic}, flagged auto-registered) and accept the message. */
        AUTO_REGISTER,
        /** Refuse the message: it goes to the dead letter store as UNKNOWN_DEVICE. */
        REJECT
    }
}
