package dev.caravan.deviceconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import dev.caravan.runtime.FreePorts;
import dev.caravan.testing.HubApi;
import dev.caravan.testing.RestartableHub;
import dev.caravan.testing.TestDevice;

/**
 * With the embedded broker's data in memory, a restart of the hub empties the broker; the hub publishes every
 * device's configuration again, so that a device subscribing afterwards still finds it retained.
 */
class RepublishAfterForgetfulBrokerIT {

    private final int mqttPort = FreePorts.pick();

    @Test
    void aDeviceFindsItsConfigurationRetainedAfterTheHubAndItsBrokerRestarted() throws Exception {
        try (RestartableHub hub = new RestartableHub("caravan-forgetful-",
                "--caravan.mqtt.embedded.persistence=in-memory", "--caravan.mqtt.embedded.port=" + mqttPort)) {
            HubApi api = hub.start().api();
            assertThat(api.post("/devices", "{\"id\":\"forgetful-1\",\"type\":\"display\"}").status())
                    .isEqualTo(201);
            api.put("/devices/forgetful-1/config", "{\"brightness\":50}");
            api.put("/devices/forgetful-1/config", "{\"brightness\":70}");
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    api.get("/devices/forgetful-1/config").json().at("/desired/published").asBoolean());

            hub.stop();
            hub.start();

            try (TestDevice device = TestDevice.connect("tcp://127.0.0.1:" + mqttPort, "forgetful-1")) {
                device.subscribe("device/forgetful-1/config");
                await().atMost(Duration.ofSeconds(20)).until(() -> !device.received().isEmpty());
                TestDevice.Received retained = device.received().get(0);
                assertThat(retained.retained()).isTrue();
                JsonNode payload = new ObjectMapper().readTree(retained.payload());
                assertThat(payload.get("version").asInt()).isEqualTo(2);
                assertThat(payload.at("/config/brightness").asInt()).isEqualTo(70);
            }
        }
    }
}
