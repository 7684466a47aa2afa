package dev.caravan.deviceconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import dev.caravan.testing.HubApi;
import dev.caravan.testing.HubApi.Response;
import dev.caravan.testing.HubEndpoints;
import dev.caravan.testing.HubTest;
import dev.caravan.testing.TestDevice;

@HubTest
class DeviceConfigIT {

    @Autowired
    Environment env;

    HubApi api;
    String id;

    @BeforeEach
    void setUp() {
        api = HubEndpoints.api(env);
        id = "cfg-" + UUID.randomUUID().toString().substring(0, 8);
        api.post("/devices", "{\"id\":\"" + id + "\",\"type\":\"display\"}");
    }

    @Test
    void eachChangeIsANewVersionRetainedForTheDeviceWheneverItSubscribes() throws Exception {
        assertThat(api.put("/devices/" + id + "/config", "{\"brightness\":50}").json().at("/desired/version").asInt())
                .isEqualTo(1);
        Response second = api.put("/devices/" + id + "/config", "{\"brightness\":70,\"playlist\":\"night\"}");

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().at("/desired/version").asInt()).isEqualTo(2);
        assertThat(second.json().at("/desired/published").asBoolean()).isTrue();
        try (TestDevice device = TestDevice.connect(HubEndpoints.brokerUrl(env), id)) {
            device.subscribe("device/" + id + "/config");
            await().atMost(Duration.ofSeconds(10)).until(() -> !device.received().isEmpty());
            TestDevice.Received retained = device.received().get(0);
            assertThat(retained.retained()).isTrue();
            JsonNode config = new ObjectMapper().readTree(retained.payload());
            assertThat(config.get("version").asInt()).isEqualTo(2);
            assertThat(config.at("/config/playlist").asText()).isEqualTo("night");
        }
    }

    @Test
    void theVersionTheDeviceReportsShowsWhetherItIsInSync() {
        api.put("/devices/" + id + "/config", "{\"volume\":3}");
        assertThat(api.get("/devices/" + id + "/config").json().get("inSync").asBoolean()).isFalse();

        try (TestDevice device = TestDevice.connect(HubEndpoints.brokerUrl(env), id)) {
            device.publish("device/" + id + "/status", "{\"state\":\"online\",\"configVersion\":1}");

            await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/devices/" + id + "/config").json()
                    .get("inSync").asBoolean());
            assertThat(api.get("/devices/" + id + "/config").json().at("/reported/version").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aConfigurationMustBeAJsonObjectOfAKnownDevice() {
        assertThat(api.put("/devices/" + id + "/config", "[1,2]").status()).isEqualTo(400);
        assertThat(api.put("/devices/nobody-" + id + "/config", "{}").status()).isEqualTo(404);
        assertThat(api.get("/devices/" + id + "/config").status()).isEqualTo(404);
    }
}
