package dev.caravan.api;

import java.time.Instant;
import java.util.List;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import dev.caravan.envelope.DeviceKeys;
import dev.caravan.security.MqttCredentials;

/**
 * {@code /api/devices/{id}/keys}: the device's keys for advanced security (docs/envelope.md); and
 * {@code /api/devices/{id}/mqtt-credentials}: its login on the embedded broker (docs/security.md#broker).
 */
@Component("deviceKeyApi")
public class DeviceKeyApi {

    private final DeviceKeys keys;
    private final MqttCredentials credentials;

    public DeviceKeyApi(DeviceKeys keys, MqttCredentials credentials) {
        this.keys = keys;
        this.credentials = credentials;
    }

    /** 201 with a new broker login for the device (username = its id), the password shown this once. */
    public MqttCredentials.Issued issueCredentials(Exchange exchange) {
        MqttCredentials.Issued issued = credentials.issue(DeviceApi.id(exchange));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        return issued;
    }

    /** 201 with a new key version, shown this once; the device's first key turns advanced security on for it. */
    public DeviceKeys.IssuedKey issue(Exchange exchange) {
        DeviceKeys.IssuedKey issued = keys.issue(DeviceApi.id(exchange));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        return issued;
    }

    /** The key versions, without the keys. */
    public Page<KeyVersion> list(Exchange exchange) {
        String id = DeviceApi.id(exchange);
        List<KeyVersion> versions = keys.versions(id).stream()
                .map(k -> new KeyVersion(k.version(), k.createdAt(), k.retireAt())).toList();
        return new Page<>(versions, versions.size(), 0);
    }

    /** 204: advanced security off for the device (409 while it is on for every device). */
    public Object remove(Exchange exchange) {
        keys.remove(DeviceApi.id(exchange));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        return null;
    }

    /** One key version as the API shows it. */
    public record KeyVersion(int version, Instant createdAt, Instant retireAt) {
    }
}
