package dev.caravan.security;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.caravan.mqtt.BrokerAuthenticator;
import dev.caravan.mqtt.BrokerDeviceCheck;
import dev.caravan.registry.DeviceRepository;

/** What the embedded broker asks when a device logs in: its credentials, and the lockout of failing usernames. */
@Component
public class MqttLoginChecks implements BrokerAuthenticator.Devices {

    private final MqttCredentials credentials;
    private final Lockouts lockouts;
    private final AuditLog audit;
    private final BrokerDeviceCheck check;
    private final DeviceRepository devices;

    public MqttLoginChecks(MqttCredentials credentials, Lockouts lockouts, AuditLog audit, BrokerDeviceCheck check,
                           DeviceRepository devices) {
        this.devices = devices;
        this.credentials = credentials;
        this.lockouts = lockouts;
        this.audit = audit;
        this.check = check;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void hubReady() {
        check.ready(this);
    }

    @Override
    public boolean verify(String deviceId, String password) {
        return credentials.verify(deviceId, password);
    }

    @Override
    public boolean registered(String deviceId) {
        return devices.exists(deviceId);
    }

    @Override
    public long lockedForMs(String username) {
        return lockouts.lockedForMs(key(username));
    }

    @Override
    public void failed(String username) {
        lockouts.failed(key(username));
        audit.record(AuditEntry.of("mqtt:" + username, "mqtt.login.failed", "CONNECT", "refused", null));
    }

    @Override
    public void succeeded(String username) {
        lockouts.succeeded(key(username));
        audit.record(AuditEntry.of("mqtt:" + username, "mqtt.login", "CONNECT", "accepted", null));
    }

    private static String key(String username) {
        return "mqtt:" + username;
    }
}
