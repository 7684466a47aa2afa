package dev.caravan.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

import dev.caravan.testing.HubApi;
import dev.caravan.testing.HubApi.Response;
import dev.caravan.testing.HubEndpoints;
import dev.caravan.testing.HubTest;
import dev.caravan.testing.TestDevice;

/** Devices that flood the hub or guess tokens: rate limits on MQTT and HTTP ingress, lockout of wrong tokens. */
@HubTest
@TestPropertySource(properties = {
        "caravan.security.device-rate-limit=2",
        "caravan.security.device-rate-burst=5",
        "caravan.security.lockout-after=3",
        "caravan.security.lockout-base=2s"})
class DeviceAbuseIT {

    @Autowired
    Environment env;

    private HubApi api() {
        return HubEndpoints.api(env);
    }

    private int stored(String deviceId) {
        return api().get("/devices/" + deviceId + "/telemetry?keys=seq").json().at("/series/seq").size();
    }

    private int deadLetters(String deviceId, String reason) {
        JsonNode items = api().get("/deadletters?deviceId=" + deviceId + "&reason=" + reason + "&limit=1000").json()
                .get("items");
        return items.size();
    }

    @Test
    void aFloodingMqttDeviceHasItsExcessDeadLetteredAndOthersAreUnaffected() {
        String flooder = "flood-" + UUID.randomUUID().toString().substring(0, 8);
        String quiet = "quiet-" + UUID.randomUUID().toString().substring(0, 8);
        try (TestDevice device = TestDevice.connect(HubEndpoints.brokerUrl(env), flooder);
             TestDevice neighbour = TestDevice.connect(HubEndpoints.brokerUrl(env), quiet)) {
            for (int i = 0; i < 30; i++) {
                device.publish("device/" + flooder + "/telemetry", "{\"seq\":" + i + "}");
            }
            neighbour.publish("device/" + quiet + "/telemetry", "{\"seq\":1}");

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(stored(quiet)).isEqualTo(1);
                assertThat(stored(flooder) + deadLetters(flooder, "RATE_LIMITED")).isEqualTo(30);
            });
            assertThat(stored(flooder)).isBetween(5, 25);
            assertThat(deadLetters(flooder, "RATE_LIMITED")).isPositive();
        }
    }

    @Test
    void anHttpDeviceOverItsRateGets429WithRetryAfter() {
        String id = "httpflood-" + UUID.randomUUID().toString().substring(0, 8);
        api().post("/devices", "{\"id\":\"" + id + "\",\"type\":\"kiosk\",\"protocol\":\"http\"}");
        String token = api().post("/devices/" + id + "/token", "").json().get("token").asText();

        Response limited = null;
        for (int i = 0; i < 20 && limited == null; i++) {
            Response response = ingest(id, token, "{\"seq\":" + i + "}");
            if (response.status() == 429) {
                limited = response;
            } else {
                assertThat(response.status()).isEqualTo(202);
            }
        }

        assertThat(limited).as("a 429 within 20 quick messages").isNotNull();
        assertThat(limited.json().at("/error/code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isPositive();
    }

    @Test
    void repeatedWrongDeviceTokensLockTheDeviceOut() {
        String id = "guess-" + UUID.randomUUID().toString().substring(0, 8);
        api().post("/devices", "{\"id\":\"" + id + "\",\"type\":\"kiosk\",\"protocol\":\"http\"}");
        String token = api().post("/devices/" + id + "/token", "").json().get("token").asText();
        for (int i = 0; i < 3; i++) {
            assertThat(ingest(id, "wrong-token-" + i, "{\"seq\":1}").status()).isEqualTo(401);
        }

        Response locked = ingest(id, token, "{\"seq\":1}");

        assertThat(locked.status()).as("even with the right token, while locked out").isEqualTo(429);
        assertThat(locked.header("Retry-After")).isNotBlank();
        assertThat(stored(id)).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> ingest(id, token, "{\"seq\":2}").status() == 202);
    }

    private Response ingest(String id, String token, String json) {
        return api().send(HttpRequest.newBuilder(URI.create("http://localhost:" + env.getProperty("caravan.api.port")
                        + "/api/ingest/" + id + "/telemetry")).header("Content-Type", "application/json")
                .header("X-Device-Token", token).POST(HttpRequest.BodyPublishers.ofString(json)));
    }
}
