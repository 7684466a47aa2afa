package dev.caravan.testing;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Two freshly registered devices, for tests of what one device may do to the other: their ids and the MQTT passwords
 * made at registration.
 */
public record DevicePair(String a, String passwordA, String b, String passwordB) {

    public static DevicePair register(HubApi api, String prefix) {
        String a = prefix + "-a-" + UUID.randomUUID().toString().substring(0, 6);
        String b = prefix + "-b-" + UUID.randomUUID().toString().substring(0, 6);
        return new DevicePair(a, mqttPassword(api, a), b, mqttPassword(api, b));
    }

    private static String mqttPassword(HubApi api, String id) {
        JsonNode created = api.post("/devices", "{\"id\":\"" + id + "\",\"type\":\"meter\"}").json();
        if (!id.equals(created.at("/mqttCredentials/username").asText())) {
            throw new IllegalStateException("registration of " + id + " made no MQTT login named after it: " + created);
        }
        return created.at("/mqttCredentials/password").asText();
    }
}
