package dev.caravan.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import dev.caravan.testing.HubApi;
import dev.caravan.testing.HubEndpoints;
import dev.caravan.testing.HubTest;
import dev.caravan.testing.TestDevice;

/**
 * Device state from status messages, Last Wills and heartbeats. The test profile gives type {@code test-sensor} a
 * heartbeat timeout of 2 s, swept every second.
 */
@HubTest
class DeviceStatusIT {

    @Autowired
    Environment env;

    HubApi api;
    String id;

    @BeforeEach
    void setUp() {
        api = HubEndpoints.api(env);
        id = "st-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String state(String deviceId) {
        return api.get("/devices/" + deviceId + "/status").json().get("state").asText();
    }

    private List<String> statusEvents(String deviceId) {
        JsonNode items = api.get("/devices/" + deviceId + "/events?category=status").json().get("items");
        List<String> newestFirst = new java.util.ArrayList<>(items.findValuesAsText("type"));
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    @Test
    void aRetainedOnlineStatusMakesTheDeviceOnlineWithItsDetails() {
        try (TestDevice device = TestDevice.connect(HubEndpoints.brokerUrl(env), id)) {
            device.publish("device/" + id + "/status", "{\"state\":\"online\",\"version\":\"2.1.0\",\"ip\":\"10.1.2.3\"}"
                    .getBytes(), true);

            await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/devices/" + id + "/status").status() == 200
                    && state(id).equals("online"));
            JsonNode status = api.get("/devices/" + id + "/status").json();
            assertThat(status.at("/detail/ip").asText()).isEqualTo("10.1.2.3");
            assertThat(status.get("since").asText()).isNotEmpty();
            assertThat(api.get("/devices/" + id).json().get("firmwareVersion").asText()).isEqualTo("2.1.0");
            assertThat(statusEvents(id)).containsExactly("online");
        }
    }

    @Test
    void theLastWillOfADeviceThatVanishesMakesItOffline() {
        TestDevice device = TestDevice.connect(HubEndpoints.brokerUrl(env), id, null, null,
                "device/" + id + "/status", "{\"state\":\"offline\"}");
        device.publish("device/" + id + "/status", "{\"state\":\"online\"}".getBytes(), true);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/devices/" + id + "/status").status() == 200
                && state(id).equals("online"));

        device.vanish();

        await().atMost(Duration.ofSeconds(15)).until(() -> state(id).equals("offline"));
        JsonNode event = api.get("/devices/" + id + "/events?category=status").json().at("/items/0");
        assertThat(event.get("type").asText()).isEqualTo("offline");
        assertThat(event.at("/data/from").asText()).isEqualTo("online");
    }

    @Test
    void aSilentDeviceGoesOfflineAfterItsTypesHeartbeatTimeout() {
        api.post("/devices", "{\"id\":\"" + id + "\",\"type\":\"test-sensor\"}");
        try (TestDevice device = TestDevice.connect(HubEndpoints.brokerUrl(env), id)) {
            device.publish("device/" + id + "/telemetry", "{\"t\":21.5}");

            // online by its heartbeat, then offline by silence (on a busy machine a sweep may miss the online spell)
            await().atMost(Duration.ofSeconds(20)).until(() -> state(id).equals("offline"));
            JsonNode event = api.get("/devices/" + id + "/events?category=status").json().at("/items/0");
            assertThat(event.at("/data/cause").asText()).isEqualTo("heartbeat timeout");
        }
    }

    @Test
    void anOfflineDeviceThatSendsTelemetryComesBackOnline() {
        api.post("/devices", "{\"id\":\"" + id + "\",\"type\":\"test-sensor\"}");
        try (TestDevice device = TestDevice.connect(HubEndpoints.brokerUrl(env), id)) {
            device.publish("device/" + id + "/status", "{\"state\":\"offline\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> state(id).equals("offline"));

            device.publish("device/" + id + "/telemetry", "{\"t\":22}");

            await().atMost(Duration.ofSeconds(10)).until(() -> state(id).equals("online"));
            assertThat(statusEvents(id)).containsExactly("offline", "online");
        }
    }

    @Test
    void aDeviceInMaintenanceIsNotMarkedOfflineBySilence() {
        api.post("/devices", "{\"id\":\"" + id + "\",\"type\":\"test-sensor\"}");
        try (TestDevice device = TestDevice.connect(HubEndpoints.brokerUrl(env), id)) {
            device.publish("device/" + id + "/status", "{\"state\":\"maintenance\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> state(id).equals("maintenance"));

            // several sweeps past the 2 s timeout
            await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                    .until(() -> state(id).equals("maintenance"));
            assertThat(statusEvents(id)).containsExactly("maintenance");
        }
    }

    @Test
    void aRepeatedStatusIsNotANewTransition() {
        try (TestDevice device = TestDevice.connect(HubEndpoints.brokerUrl(env), id)) {
            device.publish("device/" + id + "/status", "{\"state\":\"online\",\"ip\":\"10.0.0.1\"}");
            device.publish("device/" + id + "/status", "{\"state\":\"online\",\"ip\":\"10.0.0.2\"}");

            await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/devices/" + id + "/status").status() == 200
                    && api.get("/devices/" + id + "/status").json().at("/detail/ip").asText().equals("10.0.0.2"));
            assertThat(statusEvents(id)).containsExactly("online");
        }
    }

    @Test
    void clearingARetainedStatusIsNotBadInput() {
        try (TestDevice device = TestDevice.connect(HubEndpoints.brokerUrl(env), id)) {
            device.publish("device/" + id + "/status", "{\"state\":\"online\"}".getBytes(), true);
            await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/devices/" + id + "/status").status() == 200
                    && state(id).equals("online"));

            device.publish("device/" + id + "/status", new byte[0], true);
            device.publish("device/" + id + "/status", "{\"state\":\"maintenance\"}");

            await().atMost(Duration.ofSeconds(10)).until(() -> state(id).equals("maintenance"));
            assertThat(api.get("/deadletters?deviceId=" + id).json().get("items")).isEmpty();
        }
    }

    @Test
    void eventsADeviceReportsAreStoredInItsHistory() {
        try (TestDevice device = TestDevice.connect(HubEndpoints.brokerUrl(env), id)) {
            device.publish("device/" + id + "/event",
                    "{\"type\":\"door.open\",\"severity\":\"warning\",\"message\":\"service door\",\"data\":{\"door\":2}}");

            JsonNode event = await().atMost(Duration.ofSeconds(10)).until(
                    () -> api.get("/devices/" + id + "/events?category=device").json().get("items"),
                    items -> items != null && items.size() == 1).get(0);
            assertThat(event.get("type").asText()).isEqualTo("door.open");
            assertThat(event.get("severity").asText()).isEqualTo("warning");
            assertThat(event.at("/data/door").asInt()).isEqualTo(2);
        }
    }
}
