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
}
