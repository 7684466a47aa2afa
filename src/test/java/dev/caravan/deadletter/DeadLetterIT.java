package dev.caravan.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

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

/**
 * Each dead-letter reason, end to end over MQTT: the refused message is listed with its reason and payload, and a
 * valid message sent right after it is still stored (the route goes on).
 */
@HubTest
class DeadLetterIT {

    @Autowired
    Environment env;

    HubApi api;
    TestDevice device;
    String id;

    @BeforeEach
    void connect() {
        api = HubEndpoints.api(env);
        id = "dl-" + UUID.randomUUID().toString().substring(0, 8);
        device = TestDevice.connect(HubEndpoints.brokerUrl(env), id);
    }

    @AfterEach
    void disconnect() {
        device.close();
    }

    private JsonNode deadLetterFor(String deviceId, String reason) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode items = api.get("/deadletters?deviceId=" + deviceId + "&reason=" + reason).json().get("items");
            return items.size() > 0 ? items.get(0) : null;
        }, entry -> entry != null);
    }

    private void assertStoredAfterwards(String deviceId, int marker) {
        device.publish("device/" + deviceId + "/telemetry", "{\"marker\":" + marker + "}");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                api.get("/devices/" + deviceId + "/telemetry/latest").json().at("/values/marker/value").asInt())
                .isEqualTo(marker));
    }

    @Test
    void invalidJsonIsDeadLetteredAndTheNextMessageIsStored() {
        device.publish("device/" + id + "/telemetry", "cpu=40;mem=512");

        JsonNode entry = deadLetterFor(id, "INVALID_JSON");
        assertThat(entry.get("topic").asText()).isEqualTo("device/" + id + "/telemetry");
        assertThat(entry.get("payload").asText()).isEqualTo("cpu=40;mem=512");
        assertThat(entry.get("detail").asText()).contains("not valid JSON");
        assertThat(entry.get("source").asText()).isEqualTo("mqtt");
        assertStoredAfterwards(id, 1);
    }

    @Test
    void aWrongValueTypeIsDeadLetteredAsSchemaViolationAndTheNextMessageIsStored() {
        device.publish("device/" + id + "/telemetry", "{\"cpu\":[1,2],\"memory\":512}");

        JsonNode entry = deadLetterFor(id, "SCHEMA_VIOLATION");
        assertThat(entry.get("detail").asText()).contains("/cpu");
        assertStoredAfterwards(id, 2);
        assertThat(api.get("/devices/" + id + "/telemetry/latest").json().at("/values").has("memory"))
                .as("nothing of the refused message is stored").isFalse();
    }

    @Test
    void anOversizedPayloadIsDeadLetteredWithItsSizeAndTheNextMessageIsStored() {
        byte[] big = ("{\"blob\":\"" + "x".repeat(300_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        device.publish("device/" + id + "/telemetry", big, false);

        JsonNode entry = deadLetterFor(id, "PAYLOAD_TOO_LARGE");
        assertThat(entry.get("payloadSize").asInt()).isEqualTo(big.length);
        assertThat(entry.get("payloadTruncated").asBoolean()).isTrue();
        assertThat(entry.get("detail").asText()).contains("limit of 262144 bytes");
        assertStoredAfterwards(id, 3);
    }

    @Test
    void aBadDeviceIdIsDeadLetteredAndTheNextMessageIsStored() {
        String badId = "bad id " + id;
        device.publish("device/" + badId + "/telemetry", "{\"cpu\":1}");

        JsonNode entry = deadLetterFor(badId.replace(" ", "%20"), "BAD_DEVICE_ID");
        assertThat(entry.get("deviceId").asText()).isEqualTo(badId);
        assertThat(api.get("/devices/" + badId.replace(" ", "%20")).status()).isEqualTo(404);
        assertStoredAfterwards(id, 4);
    }

    @Test
    void aTooLongDeviceIdIsDeadLettered() {
        String longId = id + "-" + "x".repeat(70);
        device.publish("device/" + longId + "/status", "{\"state\":\"online\"}");

        assertThat(deadLetterFor(longId, "BAD_DEVICE_ID").get("detail").asText()).contains("longer than 64");
    }

    @Test
    void deadLettersAreCountedByReason() {
        double before = counter("INVALID_JSON");
        device.publish("device/" + id + "/telemetry", "{{{");

        deadLetterFor(id, "INVALID_JSON");
        assertThat(counter("INVALID_JSON")).isEqualTo(before + 1);
    }

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    private double counter(String reason) {
        return meters.get("caravan.deadletters").tag("reason", reason).counter().count();
    }

    @Test
    void theListIsFilteredByReasonAndRefusesAnUnknownReason() {
        assertThat(api.get("/deadletters?reason=NO_SUCH_REASON").status()).isEqualTo(400);
        device.publish("device/" + id + "/event", "{\"severity\":\"info\"}");

        JsonNode entry = deadLetterFor(id, "schema_violation");
        assertThat(entry.get("reason").asText()).isEqualTo("SCHEMA_VIOLATION");
        assertThat(api.get("/deadletters?deviceId=" + id + "&reason=INVALID_JSON").json().get("items")).isEmpty();
    }
}
