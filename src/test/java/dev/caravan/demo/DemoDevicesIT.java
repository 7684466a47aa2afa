package dev.caravan.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

import dev.caravan.testing.HubApi;
import dev.caravan.testing.HubEndpoints;
import dev.caravan.testing.HubTest;
import dev.caravan.testing.TestDevice;

/** What a newcomer sees on a first run: simulated displays that are online, publish and answer. */
@HubTest
@TestPropertySource(properties = {"caravan.demo.enabled=true", "caravan.demo.telemetry-interval=500ms"})
class DemoDevicesIT {

    @Autowired
    Environment env;

    @Test
    void theDemoDisplaysAreRegisteredOnlineAndPublishTelemetry() {
        HubApi api = HubEndpoints.api(env);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode devices = api.get("/devices?group=demo-site&status=online").json().get("items");
            assertThat(devices.findValuesAsText("id"))
                    .containsExactly("demo-display-1", "demo-display-2", "demo-display-3");
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                api.get("/devices/demo-display-2/telemetry/latest").json().get("values").fieldNames())
                .toIterable().contains("cpu", "memory", "uptime"));
    }

    @Test
    void aDemoDisplayAnswersACommandWithTheSameCommandId() throws Exception {
        try (TestDevice operator = TestDevice.connect(HubEndpoints.brokerUrl(env), "demo-operator")) {
            operator.subscribe("device/demo-display-1/response");

            await().atMost(Duration.ofSeconds(20)).until(() -> {
                operator.publish("device/demo-display-1/command",
                        "{\"type\":\"SET_BRIGHTNESS\",\"commandId\":\"c-42\",\"params\":{\"brightness\":30}}");
                return !operator.received().isEmpty();
            });
            JsonNode response = new ObjectMapper().readTree(operator.received().get(0).payload());
            assertThat(response.get("commandId").asText()).isEqualTo("c-42");
            assertThat(response.get("success").asBoolean()).isTrue();
            assertThat(response.at("/result/brightness").asInt()).isEqualTo(30);
        }
    }

    @Test
    void aDemoDisplayRefusesACommandItDoesNotKnow() throws Exception {
        try (TestDevice operator = TestDevice.connect(HubEndpoints.brokerUrl(env), "demo-operator-2")) {
            operator.subscribe("device/demo-display-3/response");

            await().atMost(Duration.ofSeconds(20)).until(() -> {
                operator.publish("device/demo-display-3/command", "{\"type\":\"SELF_DESTRUCT\",\"commandId\":\"c-1\"}");
                return !operator.received().isEmpty();
            });
            JsonNode response = new ObjectMapper().readTree(operator.received().get(0).payload());
            assertThat(response.get("success").asBoolean()).isFalse();
            assertThat(response.at("/error/code").asText()).isEqualTo("UNSUPPORTED_COMMAND");
        }
    }
}
