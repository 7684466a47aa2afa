package dev.caravan.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import dev.caravan.testing.HubApi;
import dev.caravan.testing.HubApi.Response;
import dev.caravan.testing.HubEndpoints;
import dev.caravan.testing.HubTest;
import dev.caravan.testing.TestDevice;

/**
 * Advanced security end to end over MQTT: a device with a key seals what it publishes and opens what the hub sends;
 * plain, tampered, foreign, replayed and retired-key envelopes are refused with their reason and nothing is stored.
 */
@HubTest
@TestPropertySource(properties = "caravan.security.advanced.key-grace=2s")
class AdvancedSecurityIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    Environment env;

    @Autowired
    JdbcTemplate jdbc;

    HubApi api;
    String id;
    JsonNode issued;
    DeviceEnvelopes envelopes;
    TestDevice device;

    @BeforeEach
    void registerWithAKey() {
        api = HubEndpoints.api(env);
        id = "adv-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/devices", "{\"id\":\"" + id + "\",\"type\":\"display\"}").status()).isEqualTo(201);
        issued = issueKey(id);
        envelopes = envelopesOf(issued);
        device = TestDevice.connect(HubEndpoints.brokerUrl(env), id);
    }

    @AfterEach
    void disconnect() {
        device.close();
    }

    private JsonNode issueKey(String deviceId) {
        Response issued = api.post("/devices/" + deviceId + "/keys", "");
        assertThat(issued.status()).isEqualTo(201);
        return issued.json();
    }

    private DeviceEnvelopes envelopesOf(JsonNode issued) {
        return new DeviceEnvelopes(issued.get("deviceId").asText(), issued.get("version").asInt(),
                Base64.getDecoder().decode(issued.get("key").asText()));
    }

    private String topic(String kind) {
        return "device/" + id + "/" + kind;
    }

    private void publishSealed(int marker) {
        device.publish(topic("telemetry"), envelopes.seal(topic("telemetry"), "{\"marker\":" + marker + "}"), false);
    }

    private void awaitStored(int marker) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                api.get("/devices/" + id + "/telemetry/latest").json().at("/values/marker/value").asInt())
                .isEqualTo(marker));
    }

    private JsonNode deadLetter(String reason) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode items = api.get("/deadletters?deviceId=" + id + "&reason=" + reason).json().get("items");
            return items.size() > 0 ? items.get(0) : null;
        }, entry -> entry != null);
    }

    private int storedPoints() {
        return api.get("/devices/" + id + "/telemetry?keys=marker").json().at("/series/marker").size();
    }

    @Test
    void sealedTelemetryIsOpenedAndStored() {
        publishSealed(1);

        awaitStored(1);
    }

    @Test
    void aPlainPayloadIsDeadLetteredAndTheNextSealedOneStillStored() {
        device.publish(topic("telemetry"), "{\"marker\":666}");

        assertThat(deadLetter("ENVELOPE_REQUIRED").get("detail").asText()).contains("envelopes");
        publishSealed(2);
        awaitStored(2);
        assertThat(storedPoints()).isEqualTo(1);
    }

    @Test
    void aTamperedEnvelopeIsRefused() throws Exception {
        byte[] sealed = envelopes.seal(topic("telemetry"), "{\"marker\":3}");
        JsonNode envelope = JSON.readTree(sealed);
        byte[] ciphertext = Base64.getDecoder().decode(envelope.get("ct").asText());
        ciphertext[0] ^= 1;
        String tampered = ((com.fasterxml.jackson.databind.node.ObjectNode) envelope)
                .put("ct", Base64.getEncoder().encodeToString(ciphertext)).toString();

        device.publish(topic("telemetry"), tampered);

        assertThat(deadLetter("ENVELOPE_INVALID").get("detail").asText()).contains("does not authenticate");
        publishSealed(4);
        awaitStored(4);
        assertThat(storedPoints()).isEqualTo(1);
    }

    @Test
    void anEnvelopeSealedWithAnotherKeyIsRefused() {
        byte[] wrongKey = new byte[32];
        new SecureRandom().nextBytes(wrongKey);
        DeviceEnvelopes impostor = new DeviceEnvelopes(id, 1, wrongKey);

        device.publish(topic("telemetry"), impostor.seal(topic("telemetry"), "{\"marker\":5}"), false);

        deadLetter("ENVELOPE_INVALID");
        publishSealed(6);
        awaitStored(6);
        assertThat(storedPoints()).isEqualTo(1);
    }

    @Test
    void anEnvelopeMovedToAnotherTopicIsRefused() {
        byte[] forEvents = envelopes.seal(topic("event"), "{\"marker\":7}");

        device.publish(topic("telemetry"), forEvents, false);

        deadLetter("ENVELOPE_INVALID");
    }

    @Test
    void aReplayedEnvelopeIsRefusedAndStoredOnlyOnce() {
        byte[] sealed = envelopes.seal(topic("telemetry"), "{\"marker\":8}");
        device.publish(topic("telemetry"), sealed, false);
        awaitStored(8);

        device.publish(topic("telemetry"), sealed, false);

        assertThat(deadLetter("REPLAYED").get("detail").asText()).contains("counter");
        assertThat(storedPoints()).isEqualTo(1);
    }

    @Test
    void afterARotationThePreviousKeyWorksUntilItsGraceEndsThenIsRetired() {
        DeviceEnvelopes previous = envelopes;
        DeviceEnvelopes next = envelopesOf(issueKey(id));
        device.publish(topic("telemetry"), previous.seal(topic("telemetry"), "{\"marker\":9}"), false);
        awaitStored(9);

        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> true);
        device.publish(topic("telemetry"), previous.seal(topic("telemetry"), "{\"marker\":10}"), false);

        assertThat(deadLetter("KEY_RETIRED").get("detail").asText()).contains("retired");
        device.publish(topic("telemetry"), next.seal(topic("telemetry"), "{\"marker\":11}"), false);
        awaitStored(11);
    }

    @Test
    void commandsReachTheDeviceSealedAndItOpensThem() {
        device.subscribe(topic("command"));

        Response sent = api.post("/devices/" + id + "/commands",
                "{\"type\":\"SET_BRIGHTNESS\",\"params\":{\"brightness\":40}}");
        assertThat(sent.status()).isEqualTo(202);
        device.publish(topic("status"), envelopes.seal(topic("status"), "{\"state\":\"online\"}"), true);

        TestDevice.Received received = await().atMost(Duration.ofSeconds(10))
                .until(() -> device.received().stream().findFirst().orElse(null), r -> r != null);
        assertThat(received.payload()).doesNotContain("SET_BRIGHTNESS").contains("\"ct\"");
        String command = new String(envelopes.open(topic("command"),
                received.payload().getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        assertThat(command).contains("SET_BRIGHTNESS").contains(sent.json().get("commandId").asText());
    }

    @Test
    void theSealedLastWillIsAcceptedOnceAfterTheOnlineStatus() {
        device.close();
        byte[] will = envelopes.sealWill("{\"state\":\"offline\"}");
        TestDevice withWill = TestDevice.connect(HubEndpoints.brokerUrl(env), id, null, null, topic("status"),
                new String(will, StandardCharsets.UTF_8));
        withWill.publish(topic("status"), envelopes.seal(topic("status"), "{\"state\":\"online\"}"), true);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "online".equals(api.get("/devices/" + id + "/status").json().get("state").asText()));

        withWill.vanish();

        await().atMost(Duration.ofSeconds(30)).until(() ->
                "offline".equals(api.get("/devices/" + id + "/status").json().get("state").asText()));
        device = TestDevice.connect(HubEndpoints.brokerUrl(env), id + "-replayer");
        device.publish(topic("status"), will, false);
        assertThat(deadLetter("REPLAYED")).isNotNull();
    }

    @Test
    void theKeyIsShownOnceAndStoredEncrypted() {
        JsonNode versions = api.get("/devices/" + id + "/keys").json().get("items");
        byte[] key = Base64.getDecoder().decode(issued.get("key").asText());
        byte[] stored = jdbc.queryForObject("select key_sealed from device_keys where device_id = ?", byte[].class,
                id);

        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).has("key")).isFalse();
        assertThat(versions.get(0).get("version").asInt()).isEqualTo(1);
        assertThat(stored).hasSizeGreaterThan(key.length);
        assertThat(Collections.indexOfSubList(toList(stored), toList(key)))
                .as("the raw key does not appear in the stored row").isEqualTo(-1);
    }

    private static List<Byte> toList(byte[] bytes) {
        List<Byte> list = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            list.add(b);
        }
        return list;
    }

    @Test
    void aDeviceWithoutAKeyStillSpeaksPlainJson() {
        String plain = "plain-" + UUID.randomUUID().toString().substring(0, 8);
        device.publish("device/" + plain + "/telemetry", "{\"marker\":12}");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                api.get("/devices/" + plain + "/telemetry/latest").json().at("/values/marker/value").asInt())
                .isEqualTo(12));
    }
}
