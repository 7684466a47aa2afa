package dev.caravan.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import dev.caravan.testing.HubApi;
import dev.caravan.testing.HubEndpoints;
import dev.caravan.testing.HubTest;
import dev.caravan.testing.TestDevice;

@HubTest
class TelemetryIngestIT {

    @Autowired
    Environment env;

    HubApi api;
    TestDevice device;

    @BeforeEach
    void connect() {
        api = HubEndpoints.api(env);
        device = TestDevice.connect(HubEndpoints.brokerUrl(env), "sim-" + System.nanoTime());
    }

    @AfterEach
    void disconnect() {
        device.close();
    }

    @Test
    void telemetryFromAnMqttDeviceIsStoredAndShownAsLatestValues() {
        api.post("/devices", "{\"id\":\"meter-1\",\"type\":\"meter\"}");
        device.publish("device/meter-1/telemetry",
                "{\"cpu\":40,\"memory\":512.5,\"uptime\":3600,\"relay\":true,\"mode\":\"eco\"}");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode latest = api.get("/devices/meter-1/telemetry/latest").json();
            assertThat(latest.at("/values/cpu/value").asInt()).isEqualTo(40);
            assertThat(latest.at("/values/memory/value").asDouble()).isEqualTo(512.5);
            assertThat(latest.at("/values/relay/value").isBoolean()).isTrue();
            assertThat(latest.at("/values/mode/value").asText()).isEqualTo("eco");
        });
        JsonNode history = api.get("/devices/meter-1/telemetry?keys=uptime").json();
        assertThat(history.at("/series/uptime/0/value").asInt()).isEqualTo(3600);
        assertThat(history.at("/series").has("cpu")).isFalse();
    }

    @Test
    void aBurstOfMessagesWithoutTimestampsIsStoredCompletely() {
        for (int i = 0; i < 50; i++) {
            device.publish("device/burst-1/telemetry", "{\"seq\":" + i + "}");
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                api.get("/devices/burst-1/telemetry?keys=seq").json().at("/series/seq").size()).isEqualTo(50));
    }

    @Test
    void aRedeliveredMessageWithItsTimestampIsStoredOnce() {
        String message = "{\"energy\":1234.5,\"ts\":\"2026-11-21T10:00:00Z\"}";
        device.publish("device/redelivery-1/telemetry", message);
        device.publish("device/redelivery-1/telemetry", message);
        device.publish("device/redelivery-1/telemetry", "{\"energy\":1240.0,\"ts\":\"2026-11-21T10:01:00Z\"}");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(api.get(
                "/devices/redelivery-1/telemetry?keys=energy&from=2026-11-21T09:00:00Z&to=2026-11-21T11:00:00Z")
                .json().at("/series/energy").findValuesAsText("value")).containsExactly("1234.5", "1240"));
    }

    @Test
    void aDeviceThatSpeaksWithoutRegistrationIsRegisteredAutomatically() {
        device.publish("device/newcomer-1/telemetry", "{\"cpu\":5}");

        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/devices/newcomer-1").status() == 200);
        JsonNode registered = api.get("/devices/newcomer-1").json();
        assertThat(registered.get("type").asText()).isEqualTo("generic");
        assertThat(registered.get("autoRegistered").asBoolean()).isTrue();
    }

    @Test
    void historyQueriesAcceptOffsetsAndRefuseAnEmptyWindow() {
        device.publish("device/offsets-1/telemetry", "{\"v\":1,\"ts\":\"2026-11-21T10:00:00Z\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/devices/offsets-1").status() == 200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(api.get(
                "/devices/offsets-1/telemetry?from=2026-11-21T10:30:00%2B01:00&to=2026-11-21T11:30:00+01:00")
                .json().at("/series/v/0/value").asInt()).isEqualTo(1));
        assertThat(api.get("/devices/offsets-1/telemetry?from=2026-11-21T11:00:00Z&to=2026-11-21T10:00:00Z")
                .status()).isEqualTo(400);
    }
}
