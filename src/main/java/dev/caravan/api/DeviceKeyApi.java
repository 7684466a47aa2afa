package dev.caravan.api;

import java.time.Instant;
import java.util.List;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import dev.caravan.envelope.DeviceKeys;
import dev.caravan.security.DeviceCertificateAuthority;
import dev.caravan.security.MqttCredentials;

/**
 * {@code /api/devices/{id}/keys}: the device's keys for advanced security (docs/envelope.md); and
 * {@code /api/devices/{id}/mqtt-credentials}: its login on the embedded broker (docs/security.md#broker);
 * {@code /api/devices/{id}/certificate}: its X.509 client certificate (docs/tls.md#device-certificates).
 */
@Component("deviceKeyApi")
public class DeviceKeyApi {

    private final DeviceKeys keys;
    private final MqttCredentials credentials;
    private final DeviceCertificateAuthority certificates;
    private final ApiRequests requests;

    public DeviceKeyApi(DeviceKeys keys, MqttCredentials credentials, DeviceCertificateAuthority certificates,
                        ApiRequests requests) {
        this.keys = keys;
        this.credentials = credentials;
        this.certificates = certificates;
        this.requests = requests;
    }

    /** The body of {@code POST /api/devices/{id}/certificate}: the device's PKCS#10 request, or none. */
    public record CertificateRequest(String csr) {
    }

    /**
     * 201 with a client certificate from the device CA: for the key of the request in the body, or without a body
     * for a key made here and answered this once; 409 when the hub has no device CA.
     */
    public DeviceCertificateAuthority.Issued issueCertificate(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        exchange.getMessage().setBody(body); // read once from the request stream; kept for the parser
        String csr = body == null || body.length == 0 ? null
                : requests.body(exchange, CertificateRequest.class).csr();
        DeviceCertificateAuthority.Issued issued = certificates.issue(DeviceApi.id(exchange), csr);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        return issued;
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
