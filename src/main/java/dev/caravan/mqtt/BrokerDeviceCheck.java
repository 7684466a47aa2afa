package dev.caravan.mqtt;

import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Hands the embedded broker's authenticator the device check once the hub has started (the broker starts first and
 * must not reach into a context that is still being built); until then device logins are refused as "starting".
 */
@Component
public class BrokerDeviceCheck {

    private volatile BrokerAuthenticator.Devices devices;

    public void ready(BrokerAuthenticator.Devices check) {
        this.devices = check;
    }

    Optional<BrokerAuthenticator.Devices> get() {
        return Optional.ofNullable(devices);
    }
}
