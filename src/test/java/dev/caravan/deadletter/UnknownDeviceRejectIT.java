package dev.caravan.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

import dev.caravan.testing.HubApi;
import dev.caravan.testing.HubEndpoints;
import dev.caravan.testing.HubTest;
import dev.caravan.testing.TestDevice;

@HubTest
@TestPropertySource(properties = "caravan.registry.unknown-devices=reject")
class UnknownDeviceRejectIT {

    @Autowired
    Environment env;

    @Test
    void withTheRejectPolicyAnUnregisteredDeviceIsDeadLetteredAndARegisteredOneIsStored() {
        HubApi api = HubEndpoints.api(env);
        api.post("/devices", "{\"id\":\"known-1\",\"type\":\"meter\"}");
        try (TestDevice device = TestDevice.connect(HubEndpoints.brokerUrl(env), "reject-test")) {
            device.publish("device/stranger-1/telemetry", "{\"cpu\":1}");
            device.publish("device/known-1/telemetry", "{\"cpu\":2}");

            JsonNode entry = await().atMost(Duration.ofSeconds(10)).until(
                    () -> api.get("/deadletters?reason=UNKNOWN_DEVICE&deviceId=stranger-1").json().get("items"),
                    items -> items.size() == 1).get(0);
            assertThat(entry.get("detail").asText()).contains("not registered");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    api.get("/devices/known-1/telemetry/latest").json().at("/values/cpu/value").asInt()).isEqualTo(2));
            assertThat(api.get("/devices/stranger-1").status()).isEqualTo(404);
        }
    }
}
