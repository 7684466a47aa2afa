package dev.caravan.api;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import dev.caravan.envelope.AdvancedSecurityProperties;
import dev.caravan.envelope.DeviceKeys;
import dev.caravan.registry.Device;
import dev.caravan.registry.DeviceFilter;
import dev.caravan.registry.DeviceRegistry;
import dev.caravan.registry.DeviceSpec;
import dev.caravan.registry.DeviceState;
import dev.caravan.registry.DeviceTokens;
import dev.caravan.security.MqttCredentials;
import dev.caravan.status.LastSeenStore;

/** {@code /api/devices}: the registry over HTTP. */
@Component("deviceApi")
public class DeviceApi {

    private final DeviceRegistry registry;
    private final ApiRequests requests;
    private final LastSeenStore lastSeen;
    private final DeviceTokens tokens;
    private final DeviceKeys deviceKeys;
    private final AdvancedSecurityProperties advanced;
    private final ObjectMapper mapper;
    private final MqttCredentials credentials;

    public DeviceApi(DeviceRegistry registry, ApiRequests requests, LastSeenStore lastSeen, DeviceTokens tokens,
                     DeviceKeys deviceKeys, AdvancedSecurityProperties advanced, ObjectMapper mapper,
                     MqttCredentials credentials) {
        this.credentials = credentials;
        this.deviceKeys = deviceKeys;
        this.advanced = advanced;
        this.mapper = mapper;
        this.registry = registry;
        this.requests = requests;
        this.lastSeen = lastSeen;
        this.tokens = tokens;
    }

    public Page<Device> list(Exchange exchange) {
        int limit = ApiRequests.integer(exchange, "limit", 100, 1, 1000);
        int offset = ApiRequests.integer(exchange, "offset", 0, 0, Integer.MAX_VALUE);
        DeviceFilter filter = new DeviceFilter(ApiRequests.text(exchange, "group"), ApiRequests.text(exchange, "type"),
                ApiRequests.enumeration(exchange, "status", DeviceState.class), limit, offset);
        return new Page<>(registry.list(filter), limit, offset);
    }

    /**
     * 201 with the device; with advanced security on for every device, also its key ({@code deviceKey}), and when
     * the broker wants device logins (the embedded one with device authentication, or a Mosquitto whose password file
     * the hub writes), its credentials ({@code mqttCredentials}): made at registration and shown this once.
     */
    public Object create(Exchange exchange) {
        Device device = registry.create(requests.body(exchange, DeviceSpec.class));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        exchange.getMessage().setHeader("Location", "/api/devices/" + device.id());
        boolean brokerLogin = credentials.madeAtRegistration();
        if (!advanced.enabled() && !brokerLogin) {
            return device;
        }
        ObjectNode answer = mapper.valueToTree(device);
        if (advanced.enabled()) {
            answer.set("deviceKey", mapper.valueToTree(deviceKeys.issue(device.id())));
        }
        if (brokerLogin) {
            answer.set("mqttCredentials", mapper.valueToTree(credentials.issue(device.id())));
        }
        return answer;
    }

    public Device get(Exchange exchange) {
        return registry.get(id(exchange));
    }

    public Device update(Exchange exchange) {
        return registry.update(id(exchange), requests.body(exchange, DeviceSpec.class));
    }

    public Object delete(Exchange exchange) {
        String id = id(exchange);
        registry.delete(id);
        lastSeen.forget(id);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        return null;
    }

    /** A new token for a device that speaks HTTP, shown this once; the previous one stops working. */
    public Map<String, String> issueToken(Exchange exchange) {
        String id = id(exchange);
        String token = tokens.issue(id);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        return Map.of("deviceId", id, "token", token, "header", IngestApi.TOKEN_HEADER);
    }

    /** 404 unless the device exists; for routes that serve a device's data. */
    public void require(Exchange exchange) {
        registry.get(id(exchange));
    }

    public StatusView status(Exchange exchange) {
        Device device = registry.get(id(exchange));
        Instant seen = lastSeen.of(device.id());
        Instant last = seen != null && (device.lastSeen() == null || seen.isAfter(device.lastSeen()))
                ? seen : device.lastSeen();
        return new StatusView(device.id(), device.status(), device.statusChangedAt(), last, device.statusDetail());
    }

    static String id(Exchange exchange) {
        return exchange.getMessage().getHeader("id", String.class);
    }

    /** {@code GET /api/devices/{id}/status}. */
    public record StatusView(String deviceId, DeviceState state, Instant since, Instant lastSeen, JsonNode detail) {
    }
}
