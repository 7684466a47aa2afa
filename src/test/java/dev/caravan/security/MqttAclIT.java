package dev.caravan.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

import dev.caravan.envelope.Envelope;
import dev.caravan.mqtt.MessageSender;
import dev.caravan.mqtt.MqttConnectionPoolService;
import dev.caravan.mqtt.OutboundMessage;
import dev.caravan.testing.DevicePair;
import dev.caravan.testing.HubApi;
import dev.caravan.testing.HubEndpoints;
import dev.caravan.testing.HubTest;
import dev.caravan.testing.TestDevice;

/**
 * The hub's own ACL check (MqttSecurityService), with the broker's topic enforcement turned off so that what a device
 * sends on another device's topics reaches the hub: the broker stamps who sent each message, and the hub refuses,
 * audits and dead-letters what a device publishes outside its own topics. Outbound, nothing plaintext is sent to a
 * device in advanced security, whoever tries.
 */
@HubTest
@TestPropertySource(properties = {
        "caravan.mqtt.embedded.device-authentication=true",
        "caravan.mqtt.embedded.enforce-device-acl=false"})
class MqttAclIT {

    @Autowired
    Environment env;

    @Autowired
    MqttConnectionPoolService pool;

    HubApi api;
    String a;
    String b;
    String passwordA;

    @BeforeEach
    void deviceAAndDeviceB() {
        api = HubEndpoints.api(env);
        DevicePair devices = DevicePair.register(api, "hacl");
        a = devices.a();
        passwordA = devices.passwordA();
        b = devices.b();
    }

    private int stored(String id) {
        return api.get("/devices/" + id + "/telemetry?keys=n").json().at("/series/n").size();
    }

    private JsonNode deadLetter(String deviceId) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode items = api.get("/deadletters?deviceId=" + deviceId + "&reason=ACL_VIOLATION").json()
                    .get("items");
            return items.size() > 0 ? items.get(0) : null;
        }, entry -> entry != null);
    }

    private MqttAsyncClient loginA() throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(HubEndpoints.brokerUrl(env), a + "-raw", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(a);
        options.setPassword(passwordA.getBytes(StandardCharsets.UTF_8));
        client.connect(options).waitForCompletion(10_000);
        return client;
    }

    @Test
    void aDevicePublishingOnAnotherDevicesTopicIsRefusedAuditedAndDeadLettered() {
        try (TestDevice device = TestDevice.connect(HubEndpoints.brokerUrl(env), a, a, passwordA, null, null)) {
            device.publish("device/" + b + "/telemetry", "{\"n\":666}");

            JsonNode letter = deadLetter(b);
            assertThat(letter.get("detail").asText()).contains("device " + a + " may not publish on device/" + b);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(api.get("/audit?action=mqtt.acl.violation&actor=device:" + a).json().get("items"))
                            .anySatisfy(e -> assertThat(e.get("target").asText())
                                    .isEqualTo("device/" + b + "/telemetry")));
            device.publish("device/" + a + "/telemetry", "{\"n\":1}");
            await().atMost(Duration.ofSeconds(10)).until(() -> stored(a) == 1);
            assertThat(stored(b)).isZero();
        }
    }

    @Test
    void aSenderStampSetByTheDeviceItselfIsReplacedByTheBroker() throws Exception {
        MqttAsyncClient client = loginA();
        try {
            MqttProperties forged = new MqttProperties();
            forged.setUserProperties(List.of(new UserProperty(MessageSender.USER_PROPERTY, b)));
            client.publish("device/" + b + "/telemetry", new MqttMessage("{\"n\":667}".getBytes(
                    StandardCharsets.UTF_8), 1, false, forged)).waitForCompletion(10_000);

            assertThat(deadLetter(b).get("detail").asText()).contains("device " + a + " may not publish");
            assertThat(stored(b)).isZero();
        } finally {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }

    @Test
    void theHubSendsNoPlaintextCommandToADeviceInAdvancedSecurity() throws Exception {
        assertThat(api.post("/devices/" + b + "/keys", "").status()).isEqualTo(201);
        String topic = "device/" + b + "/command";
        try (TestDevice spy = TestDevice.connect(HubEndpoints.brokerUrl(env), a, a, passwordA, null, null)) {
            spy.subscribe(topic); // allowed here: the broker's topic enforcement is off in this test

            assertThatThrownBy(() -> pool.publish(new OutboundMessage(topic, "{\"type\":\"OPEN\",\"commandId\":\"x\"}"
                    .getBytes(StandardCharsets.UTF_8), 1, false, null)).get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(MqttSecurityService.AclViolationException.class);

            assertThat(deadLetter(b).get("topic").asText()).isEqualTo(topic);
            byte[] sealed = Envelope.seal(new byte[Envelope.KEY_BYTES], b, topic, 1, 1, new byte[Envelope.IV_BYTES],
                    "{}".getBytes(StandardCharsets.UTF_8)).toJson();
            pool.publish(new OutboundMessage(topic, sealed, 1, false, null)).get(10, TimeUnit.SECONDS);
            // the sealed one arrives; the refused plaintext never reached the broker before it
            await().atMost(Duration.ofSeconds(10)).until(() -> !spy.received().isEmpty());
            assertThat(spy.received()).hasSize(1).allSatisfy(m -> assertThat(m.payload()).contains("\"ct\""));
        }
    }
}
